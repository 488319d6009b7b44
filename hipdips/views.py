from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from exercises.models import Exercise
from hipdips.faults import database_problem
from hipdips.pagecache import public_page
from sessions.lifecycle import open_session_for
from sessions.visitors import anonymous_ids


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "exercises": Exercise.objects.all(),
        "open_session": open_session_for(request.user, anonymous_ids(request)),
    }
    return render(request, "hipdips/home.html", context)


@require_safe
@public_page
def learn(request: HttpRequest) -> HttpResponse:
    return render(request, "hipdips/learn.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    if problem := database_problem():
        return HttpResponse(f"{problem}\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on their own; point them at the hashed icon.
    return redirect(static("img/icon.svg"), permanent=True)
