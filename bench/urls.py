"""The benchmark's three floors, each the fastest answer of its kind through our whole
middleware, beside the app's own URLs."""

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hipdips.models import HealthProbe, User


def read_floor(request: HttpRequest) -> HttpResponse:
    """A constant: what every public page costs at the least."""
    return HttpResponse("ok", content_type="text/plain")


def signed_in_floor(request: HttpRequest) -> HttpResponse:
    """A constant for a signed-in person: the login session and the user are read, as every
    signed-in page must."""
    if not request.user.is_authenticated:
        return HttpResponse("sign in", status=403, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt  # wrk sends no token; the check is an HMAC comparison, no query
@require_POST
def write_floor(request: HttpRequest) -> HttpResponse:
    """The shape of Set done at its barest: signed in, then one compare-and-set UPDATE and
    one INSERT in a transaction."""
    user = request.user
    if not isinstance(user, User):
        return HttpResponse("sign in", status=403, content_type="text/plain")
    with transaction.atomic():
        User.objects.filter(pk=user.pk, record_version=user.record_version).update(
            record_version=F("record_version") + 1
        )
        HealthProbe.objects.create()
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor", read_floor),
    path("bench/signed-in-floor", signed_in_floor),
    path("bench/write-floor", write_floor),
    path("", include("hipdips.urls")),
]
