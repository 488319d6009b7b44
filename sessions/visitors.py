"""Who owns which workout: a signed-in user their own, a visitor without an account the
sessions this browser started (kept in its Django session until they sign up or log in).

Ownership is checked here and only here; anything else is a 404.
"""

from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from sessions.models import SetLog, WorkoutSession, WorkoutSessionQuerySet

ANONYMOUS_KEY = "workout_ids"


def anonymous_ids(request: HttpRequest) -> list[str]:
    if request.user.is_authenticated:
        return []
    return list(request.session.get(ANONYMOUS_KEY, []))


def remember(request: HttpRequest, session: WorkoutSession) -> None:
    """The browser now owns the session it started (no account: in its Django session)."""
    known = anonymous_ids(request)
    if not request.user.is_authenticated and str(session.pk) not in known:
        request.session[ANONYMOUS_KEY] = [*known, str(session.pk)]


def own_sessions(request: HttpRequest) -> WorkoutSessionQuerySet:
    return WorkoutSession.objects.for_browser(request.user, anonymous_ids(request))


def own_session(request: HttpRequest, session_id: UUID) -> WorkoutSession:
    """The visitor's session, or a 404. It only reads."""
    return get_object_or_404(own_sessions(request), pk=session_id)


def own_set(request: HttpRequest, set_id: int) -> SetLog:
    """A logged set of the signed-in user's, with its session and exercise, or a 404."""
    sets = SetLog.objects.for_owner(request.user).select_related("session", "exercise")
    return get_object_or_404(sets, pk=set_id)
