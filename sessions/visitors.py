"""Who owns which workout: a signed-in user their own, a visitor without an account the
sessions this browser started (kept in its Django session until they sign up or log in).

Ownership is checked here and only here; anything else is a 404.
"""

from uuid import UUID

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hipdips.queries import PreparedQuery
from sessions.models import SetLog, WorkoutSession, WorkoutSessionQuerySet

ANONYMOUS_KEY = "workout_ids"

# The two lookups of nearly every signed-in request, their SQL made once (hipdips.queries).
_OWNERS_SESSION = PreparedQuery(
    lambda owner_id, pk: WorkoutSession.objects.filter(owner_id=owner_id, pk=pk),
    owner_id=(1, 2),
    pk=(UUID(int=1), UUID(int=2)),
)
_OWNERS_OPEN_SESSION = PreparedQuery(
    lambda owner_id: WorkoutSession.objects.filter(owner_id=owner_id).open().order_by()[:1],
    owner_id=(1, 2),
)


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
    if request.user.is_authenticated:
        found = _OWNERS_SESSION(owner_id=request.user.pk, pk=session_id)
    else:
        found = list(own_sessions(request).filter(pk=session_id))
    if not found:
        raise Http404("No such workout.")
    return found[0]


def own_open_session(user, anonymous_ids: list[str]) -> WorkoutSession | None:
    """The visitor's open session, if any. At most one is open (a constraint), so no order:
    by the (owner, state) index, instead of walking years of sessions newest first."""
    if user.is_authenticated:
        found = _OWNERS_OPEN_SESSION(owner_id=user.pk)
    elif anonymous_ids:
        found = list(WorkoutSession.objects.for_browser(user, anonymous_ids).open().order_by()[:1])
    else:
        return None
    return found[0] if found else None


def own_set(request: HttpRequest, set_id: int) -> SetLog:
    """A logged set of the signed-in user's, with its session and exercise, or a 404."""
    sets = SetLog.objects.for_owner(request.user).select_related("session", "exercise")
    return get_object_or_404(sets, pk=set_id)
