"""The screens a workout takes with it to go on offline (sessions.offline decides which)."""

from uuid import UUID

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from hipdips.http import PRIVATE, HtmxHttpRequest
from sessions import offline
from sessions.models import WorkoutSession
from sessions.views import screen_response
from sessions.visitors import own_session


@require_safe
@gzip_page  # a dozen screens or more, each much like the one before
def offline_screens(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    """The screens still ahead, for going on without the server: static/js/offline.js asks
    for them once the page has loaded, so the player's own page stays small."""
    session = own_session(request, session_id)
    ahead = offline.frames_ahead(session) if session.is_open else []
    frames = [
        {
            "key": frame.key,
            "rest_seconds": frame.rest_seconds,
            "html": _frame(request, frame, session),
        }
        for frame in ahead
    ]
    response = JsonResponse({"plan_version": session.plan_version, "frames": frames})
    response["Cache-Control"] = PRIVATE
    return response


def _frame(request: HtmxHttpRequest, frame: offline.Frame, session: WorkoutSession) -> str:
    if frame.session is None:
        # Checked like any screen, so that back online the server's summary takes its place.
        check_url = reverse("workouts:screen", args=[session.pk])
        context = {"frame": frame.key, "check_url": check_url}
        return render_to_string("workouts/player.html#kept", context, request)
    return screen_response(request, frame.session, partial=True).content.decode()
