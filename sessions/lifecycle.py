"""A workout's life: start (one open at a time), pause and resume, end, closed when left
alone, and claimed by the account of the browser that did it (no HTTP here)."""

from dataclasses import asdict
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from exercises.models import Routine
from exercises.plans import kept_plan
from hipdips.models import User
from sessions import screens
from sessions.models import (
    OPEN_STATES,
    Phase,
    SetLog,
    State,
    WorkoutSession,
    WorkoutSessionQuerySet,
)
from sessions.steps import pause_ended, seconds_left
from sessions.visitors import own_open_session

STALE_AFTER = timedelta(hours=12)
DOUBLE_START_WINDOW_SECONDS = 10
ANONYMOUS_KEPT_FOR = timedelta(days=30)


class OpenSessionExists(Exception):
    def __init__(self, session: WorkoutSession) -> None:
        super().__init__("A workout is already open.")
        self.session = session


def open_session_for(user, anonymous_ids: list[str]) -> WorkoutSession | None:
    """The visitor's open session, if any; one left alone for 12 hours is closed first."""
    session = own_open_session(user, anonymous_ids)
    if session is None or not close_if_stale(session).is_open:
        return None
    return session


def start_session(
    *,
    routine: Routine,
    user,
    anonymous_ids: list[str],
    browser_key: str = "",
    replace: bool = False,
) -> WorkoutSession:
    """A new session of the routine; with replace, an open one is ended first.

    The partial unique constraints (one open session per user, or per anonymous browser)
    decide a race between two Starts: the loser gets OpenSessionExists.
    """
    now = timezone.now()
    owner = user if user.is_authenticated else None
    items = kept_plan(routine)
    plan = [asdict(item) for item in items]
    last_reps = screens.last_time_reps(
        owner_id=owner.pk if owner else None,
        anonymous_ids=anonymous_ids,
        before=now,
        exercise_ids={item.exercise_id for item in items},
        wanted=screens.plan_keys(items),
    )
    try:
        with transaction.atomic():
            current = open_session_for(user, anonymous_ids)
            if current is not None:
                if not replace:
                    raise OpenSessionExists(current)
                if current.sets.exists():
                    end_session(current)
                else:
                    current.remove()  # nothing was logged in it: no empty row in the history
            User.objects.record_changed(owner.pk if owner else None)
            return WorkoutSession.objects.create(
                owner=owner,
                browser_key="" if owner else browser_key,
                routine=routine,
                routine_name=routine.name,
                plan=plan,
                last_reps=last_reps,
                started_at=now,
                touched_at=now,
            )
    except IntegrityError:
        pass  # another Start opened one first: all of this one is undone, no savepoint
    rival = (
        WorkoutSession.objects.filter(owner=owner)
        if owner
        else WorkoutSession.objects.filter(owner__isnull=True, browser_key=browser_key)
    )
    raise OpenSessionExists(rival.open().get())


def is_same_start(session: WorkoutSession, routine: Routine) -> bool:
    """A second Start of the same routine a moment after the first (a double tap, a retry)
    is answered with the session the first one opened."""
    just_now = timezone.now() - timedelta(seconds=DOUBLE_START_WINDOW_SECONDS)
    return (
        session.routine_id == routine.pk
        and session.position == 0
        and (session.started_at >= just_now)
    )


# Pausing


def _where(session: WorkoutSession) -> dict:
    """The fields that say where a session stands: a pause or a resume is made on them."""
    return {
        "state": session.state,
        "phase": session.phase,
        "position": session.position,
        "rest_ends_at": session.rest_ends_at,
        "rest_left_seconds": session.rest_left_seconds,
        "paused_at": session.paused_at,
    }


def _move_where_it_stands(session: WorkoutSession, changes_for) -> bool:
    """A compare-and-set made on where the session stands (so 15 seconds added meanwhile
    are not lost), tried again if another tab moved it first. changes_for(now) gives the
    changes, or None once the move no longer applies to the fresh session."""
    for _attempt in range(3):
        changes = changes_for(timezone.now())
        if changes is None:
            return False
        if session.move(expect=_where(session), **changes):
            return True
    return False


def pause(session: WorkoutSession, *, step: int | None = None) -> bool:
    """Stop the clock. A rest or switch-sides countdown keeps the seconds it had left.
    step: the step the screen showed; a tab that is behind pauses nothing."""

    def changes_for(now: datetime) -> dict | None:
        if session.state != State.IN_PROGRESS or step not in (None, session.position):
            return None
        changes: dict[str, object] = {"state": State.PAUSED, "paused_at": now}
        if session.phase == Phase.REST and session.rest_ends_at:
            changes.update(
                rest_ends_at=None, rest_left_seconds=seconds_left(session.rest_ends_at, now)
            )
        return changes

    return _move_where_it_stands(session, changes_for)


def resume(session: WorkoutSession, *, step: int | None = None) -> bool:
    """Back where the session stood: the same set, or the rest with the time it had left."""

    def changes_for(now: datetime) -> dict | None:
        if session.state != State.PAUSED or step not in (None, session.position):
            return None
        changes: dict[str, object] = {
            "state": State.IN_PROGRESS,
            "rest_ends_at": None,
            "rest_left_seconds": None,
        }
        if session.phase == Phase.REST:
            if session.rest_left_seconds is not None:
                changes["rest_ends_at"] = now + timedelta(seconds=session.rest_left_seconds)
            else:  # paused before rests kept their time: on to the set
                changes["phase"] = Phase.SET
        return {**changes, "paused_at": None, **pause_ended(session, now)}

    return _move_where_it_stands(session, changes_for)


# Ending


def end_session(session: WorkoutSession) -> bool:
    """End an open session early; it is kept, and shown as Unfinished."""
    now = timezone.now()
    changes = {
        "state": State.ABANDONED,
        "finished_at": now,
        "rest_ends_at": None,
        "rest_left_seconds": None,
        **pause_ended(session, now),
    }
    return session.move(expect={"state__in": OPEN_STATES}, **changes)


def close_stale_sessions(
    *, now: datetime | None = None, queryset: WorkoutSessionQuerySet | None = None
) -> int:
    """Close sessions untouched for 12 hours as Unfinished, at their last logged set."""
    now = now or timezone.now()
    sessions = queryset if queryset is not None else WorkoutSession.objects.all()
    stale = sessions.open().filter(touched_at__lt=now - STALE_AFTER)
    closed = 0
    for session in stale.annotate(last_set_at=Max("sets__logged_at")):
        with transaction.atomic():
            closing = WorkoutSession.objects.filter(
                pk=session.pk, state__in=OPEN_STATES, touched_at=session.touched_at
            ).update(
                state=State.ABANDONED,
                finished_at=session.last_set_at or session.started_at,
                rest_ends_at=None,
                rest_left_seconds=None,
                paused_at=None,
                version=F("version") + 1,
            )
            if closing:
                User.objects.record_changed(session.owner_id)
        closed += closing
    return closed


def close_if_stale(session: WorkoutSession, *, now: datetime | None = None) -> WorkoutSession:
    """Closed on the spot when it is read after 12 hours alone (the cleanup command closes
    the rest in bulk), so no page offers to continue a workout from yesterday."""
    now = now or timezone.now()
    if session.is_open and session.touched_at < now - STALE_AFTER:
        close_stale_sessions(now=now, queryset=WorkoutSession.objects.filter(pk=session.pk))
        session.refresh_from_db()
    return session


# Visitors without an account


def delete_unclaimed_sessions(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    cutoff = now - ANONYMOUS_KEPT_FOR
    old = WorkoutSession.objects.filter(owner__isnull=True, touched_at__lt=cutoff)
    return old.delete()[1].get("workouts.WorkoutSession", 0)


def claim_sessions(*, user, anonymous_ids: list[str]) -> int:
    """Give a browser's anonymous sessions to the user who just signed up or logged in.

    A user keeps at most one open session: when the claim would make two, the older one is
    ended (Unfinished), so nothing logged is lost.
    """
    if not anonymous_ids:
        return 0
    with transaction.atomic():
        # Sessions left for 12 hours close at their last set, not at this moment.
        close_stale_sessions(
            queryset=WorkoutSession.objects.filter(Q(owner=user) | Q(id__in=anonymous_ids))
        )
        claimed = list(
            WorkoutSession.objects.select_for_update().filter(
                owner__isnull=True, id__in=anonymous_ids
            )
        )
        open_ones = [s for s in claimed if s.is_open]
        open_ones += list(WorkoutSession.objects.select_for_update().filter(owner=user).open())
        open_ones.sort(key=lambda s: s.touched_at, reverse=True)
        for older in open_ones[1:]:
            end_session(older)
        User.objects.record_changed(user.pk)
        User.objects.history_edited(user.pk)
        ids = [s.pk for s in claimed]
        SetLog.objects.filter(session_id__in=ids).update(owner=user)
        return WorkoutSession.objects.filter(pk__in=ids).update(owner=user)
