from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    """The fastest answer Django can give through our middleware: the benchmark's floor."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor", floor),
    path("", include("hipdips.urls")),
]
