"""The rules of a guided workout, as plain functions (no HTTP here).

A session's plan is a frozen list of items; its steps are (item, set, side) in order: within
a set Left then Right on per-side exercises. The server owns the position. Every action names
the step it answers and changes the session only if the session still stands there
(compare-and-set in one UPDATE), so a double tap, a retry or a second tab changes nothing
twice, and the unique constraint on SetLog guards the rows themselves.
"""

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from exercises.models import MAX_SETS, SECONDS_DOWN, SECONDS_UP, Routine
from sessions.models import (
    OPEN_STATES,
    Phase,
    SetLog,
    Side,
    State,
    WorkoutSession,
)

SWITCH_SIDES_SECONDS = 10
ADD_REST_SECONDS = 15
STALE_AFTER = timedelta(hours=12)
DOUBLE_START_WINDOW_SECONDS = 10
ANONYMOUS_KEPT_FOR = timedelta(days=30)


@dataclass(frozen=True)
class PlanItem:
    """One exercise of a session's frozen plan."""

    exercise_id: int
    slug: str
    name: str
    per_side: bool
    sets: int
    reps_min: int
    reps_max: int
    hold_seconds: int
    rest_seconds: int
    cues: list[str] = field(default_factory=list, compare=False)
    hold_max: int = 0  # the exercise's longest hold: 0 means it has no hold to pace
    # Shown on the set screen; plans frozen before these existed have none.
    safety_note: str = field(default="", compare=False)
    pregnancy_note: str = field(default="", compare=False)
    easier_variation: str = field(default="", compare=False)

    @property
    def has_hold(self) -> bool:
        """Whether the set screen offers pacing and a hold to change."""
        return bool(self.hold_max or self.hold_seconds)


@dataclass(frozen=True)
class Step:
    index: int
    item_position: int
    set_number: int
    side: Side


class Outcome(enum.Enum):
    DONE = "done"
    ALREADY_LOGGED = "already logged"
    STALE = "stale"


class OpenSessionExists(Exception):
    def __init__(self, session: WorkoutSession) -> None:
        super().__init__("A workout is already open.")
        self.session = session


# Plans and steps


def plan_for(routine: Routine) -> list[PlanItem]:
    return [
        PlanItem(
            exercise_id=item.exercise_id,
            slug=item.exercise.slug,
            name=item.exercise.name,
            per_side=item.exercise.per_side,
            sets=item.sets,
            reps_min=item.reps_min,
            reps_max=item.reps_max,
            hold_seconds=item.hold_seconds,
            rest_seconds=item.rest_seconds,
            cues=item.exercise.cue_list,
            hold_max=item.exercise.hold_max,
            safety_note=item.exercise.safety_note,
            pregnancy_note=item.exercise.pregnancy_note,
            easier_variation=item.exercise.easier_variation,
        )
        for item in routine.items.all()
    ]


def session_plan(session: WorkoutSession) -> list[PlanItem]:
    return [PlanItem(**item) for item in session.plan]


def plan_steps(plan: Sequence[PlanItem]) -> list[Step]:
    steps: list[Step] = []
    for position, item in enumerate(plan):
        sides = (Side.LEFT, Side.RIGHT) if item.per_side else (Side.BOTH,)
        for set_number in range(1, item.sets + 1):
            for side in sides:
                steps.append(Step(len(steps), position, set_number, side))
    return steps


def estimated_seconds(plan: Iterable[PlanItem]) -> int:
    """How long a plan takes (DESIGN.md): work, side switches, rests; none after the last."""
    total = 0
    last_rest = 0
    for item in plan:
        sides = 2 if item.per_side else 1
        per_set = sides * item.reps_max * (SECONDS_UP + item.hold_seconds + SECONDS_DOWN)
        per_set += SWITCH_SIDES_SECONDS if item.per_side else 0
        total += item.sets * (per_set + item.rest_seconds)
        last_rest = item.rest_seconds
    return max(total - last_rest, 0)


def estimated_minutes(plan: Iterable[PlanItem]) -> int:
    return max(1, round(estimated_seconds(plan) / 60))


@dataclass(frozen=True)
class RoutineSummary:
    routine: Routine
    plan: list[PlanItem]
    minutes: int
    total_sets: int
    equipment: list[str]


def summarize_routine(routine: Routine) -> RoutineSummary:
    """What a routine card shows: its plan, duration, sets and the equipment it needs."""
    plan = plan_for(routine)
    needed = {item.exercise.get_equipment_display() for item in routine.items.all()}
    return RoutineSummary(
        routine=routine,
        plan=plan,
        minutes=estimated_minutes(plan),
        total_sets=sum(item.sets for item in plan),
        equipment=sorted(needed - {"No equipment"}),
    )


# Starting, and finding the open session


def open_session_for(user, anonymous_ids: list[str]) -> WorkoutSession | None:
    """The visitor's open session, if any; one left alone for 12 hours is closed first."""
    if not user.is_authenticated and not anonymous_ids:
        return None
    session = WorkoutSession.objects.for_browser(user, anonymous_ids).open().first()
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
    with transaction.atomic():
        current = open_session_for(user, anonymous_ids)
        if current is not None:
            if not replace:
                raise OpenSessionExists(current)
            if current.sets.exists():
                end_session(current)
            else:
                current.delete()  # nothing was logged in it: no empty row in the history
        try:
            with transaction.atomic():
                return WorkoutSession.objects.create(
                    owner=owner,
                    browser_key="" if owner else browser_key,
                    routine=routine,
                    routine_name=routine.name,
                    plan=[asdict(item) for item in plan_for(routine)],
                    started_at=now,
                    touched_at=now,
                )
        except IntegrityError:
            pass
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


# The actions of the player. Each returns whether it moved the session.


def _move(session: WorkoutSession, *, expect: dict, **changes) -> bool:
    """Compare-and-set: apply changes only if the session still matches expect.

    Every move bumps the session's version, which the player's screen check compares.
    """
    changes.setdefault("touched_at", timezone.now())
    moved = (
        WorkoutSession.objects.filter(pk=session.pk, **expect).update(
            version=F("version") + 1, **changes
        )
        == 1
    )
    if moved and not any(hasattr(value, "resolve_expression") for value in changes.values()):
        for name, value in changes.items():
            setattr(session, name, value)
        # At most the database's value: a screen that shows an older number is checked again.
        session.version += 1
    else:
        session.refresh_from_db()  # someone else moved it, or the database computed values
    return moved


def begin(session: WorkoutSession, *, step: int) -> bool:
    expect = {"state": State.IN_PROGRESS, "phase": Phase.READY, "position": step}
    return _move(session, expect=expect, phase=Phase.SET)


def log_set(session: WorkoutSession, *, step: int, reps: int) -> Outcome:
    """Log the set of the given step and move on to the rest, the next set, or the end.

    The set is logged while the session stands at that step, whatever another tab did in
    between (a pause, a resume): what was typed is never thrown away. The compare-and-set
    also names the plan version, so an added set or a skipped exercise in another tab
    cannot be overtaken; then the rules are applied again to the fresh session.
    """
    for _attempt in range(3):
        plan = session_plan(session)
        steps = plan_steps(plan)
        at_step = (
            0 <= step < len(steps)
            and session.is_open
            and session.position == step
            and session.phase in (Phase.READY, Phase.SET)
        )
        if not at_step:
            return Outcome.ALREADY_LOGGED if _is_logged(session, steps, step) else Outcome.STALE
        now = timezone.now()
        current = steps[step]
        item = plan[current.item_position]
        expect = {
            "state": session.state,
            "phase": session.phase,
            "position": step,
            "plan_version": session.plan_version,
        }
        try:
            with transaction.atomic():
                if not _move(session, expect=expect, **_after_set(session, plan, steps, step, now)):
                    continue  # moved meanwhile: look again at the fresh session
                set_log(session, current, item, reps=reps, logged_at=now).save()
        except IntegrityError:
            # The unique constraint caught a second writer; the whole move is undone.
            session.refresh_from_db()
            return Outcome.ALREADY_LOGGED
        return Outcome.DONE
    return Outcome.STALE


def set_log(
    session: WorkoutSession, step: Step, item: PlanItem, *, reps: int | None, logged_at: datetime
) -> SetLog:
    """The row for one step: the planned target beside what was done. No reps: skipped."""
    return SetLog(
        session=session,
        item_position=step.item_position,
        set_number=step.set_number,
        side=step.side,
        exercise_id=item.exercise_id,
        target_reps=item.reps_max,
        reps=reps,
        hold_seconds=0 if reps is None else item.hold_seconds,
        skipped=reps is None,
        logged_at=logged_at,
    )


def _is_logged(session: WorkoutSession, steps: list[Step], step: int) -> bool:
    if not 0 <= step < len(steps):
        return False
    current = steps[step]
    return SetLog.objects.filter(
        session=session,
        item_position=current.item_position,
        set_number=current.set_number,
        side=current.side,
    ).exists()


def _after_set(
    session: WorkoutSession, plan: list[PlanItem], steps: list[Step], step: int, now: datetime
) -> dict:
    """The session's fields once the set of this step is done."""
    if step + 1 >= len(steps):
        changes = {"state": State.COMPLETED, "position": step + 1, "finished_at": now}
        return {**changes, **_end_pause(session, now), "rest_ends_at": None}
    current, following = steps[step], steps[step + 1]
    same_set = (current.item_position, current.set_number) == (
        following.item_position,
        following.set_number,
    )
    rest = SWITCH_SIDES_SECONDS if same_set else plan[current.item_position].rest_seconds
    if rest == 0:
        return {"position": step + 1, "phase": Phase.SET, "rest_ends_at": None}
    if session.state == State.PAUSED:
        # Logged from a tab that had not seen the pause: stay paused, the whole rest kept.
        return {
            "position": step + 1,
            "phase": Phase.REST,
            "rest_ends_at": None,
            "rest_left_seconds": rest,
            "rest_extensions": 0,
        }
    return {
        "position": step + 1,
        "phase": Phase.REST,
        "rest_ends_at": now + timedelta(seconds=rest),
        "rest_extensions": 0,
    }


def end_rest(session: WorkoutSession, *, step: int, extensions: int | None = None) -> bool:
    """Skip the rest, or end it when its timer runs out (early is fine: the user may skip).

    extensions: how many "Add 15 seconds" the screen had seen; a tab that missed one (its
    timer ran out at the old end time) does not end the longer rest.
    """
    expect = {"state": State.IN_PROGRESS, "phase": Phase.REST, "position": step}
    if extensions is not None:
        expect["rest_extensions"] = extensions
    return _move(session, expect=expect, phase=Phase.SET, rest_ends_at=None)


def add_rest_time(session: WorkoutSession, *, step: int, extensions: int) -> bool:
    """Fifteen more seconds of rest; extensions is how many the screen had seen."""
    expect = {
        "state": State.IN_PROGRESS,
        "phase": Phase.REST,
        "position": step,
        "rest_extensions": extensions,
    }
    return _move(
        session,
        expect=expect,
        rest_ends_at=F("rest_ends_at") + timedelta(seconds=ADD_REST_SECONDS),
        rest_extensions=F("rest_extensions") + 1,
    )


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


def seconds_left(ends_at: datetime, now: datetime) -> int:
    """Whole seconds until a countdown ends, never below zero (a started second counts)."""
    return max(0, math.ceil((ends_at - now).total_seconds()))


def _end_pause(session: WorkoutSession, now: datetime) -> dict:
    """The changes that close a running pause: its length joins the paused time, which
    the workout's duration leaves out."""
    if not session.paused_at:
        return {}
    paused_for = max(0, int((now - session.paused_at).total_seconds()))
    return {"paused_seconds": F("paused_seconds") + paused_for, "paused_at": None}


def _move_where_it_stands(session: WorkoutSession, changes_for) -> bool:
    """A compare-and-set made on where the session stands (so 15 seconds added meanwhile
    are not lost), tried again if another tab moved it first. changes_for(now) gives the
    changes, or None once the move no longer applies to the fresh session."""
    for _attempt in range(3):
        changes = changes_for(timezone.now())
        if changes is None:
            return False
        if _move(session, expect=_where(session), **changes):
            return True
    return False


def pause(session: WorkoutSession, *, step: int | None = None) -> bool:
    """Stop the clock. A rest or switch-sides countdown keeps the seconds it had left.
    step: the step the screen showed; a tab that is behind pauses nothing."""

    def changes_for(now: datetime) -> dict | None:
        if session.state != State.IN_PROGRESS or step not in (None, session.position):
            return None
        changes = {"state": State.PAUSED, "paused_at": now}
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
        changes = {"state": State.IN_PROGRESS, "rest_ends_at": None, "rest_left_seconds": None}
        if session.phase == Phase.REST:
            if session.rest_left_seconds is not None:
                changes["rest_ends_at"] = now + timedelta(seconds=session.rest_left_seconds)
            else:  # paused before rests kept their time: on to the set
                changes["phase"] = Phase.SET
        return {**changes, "paused_at": None, **_end_pause(session, now)}

    return _move_where_it_stands(session, changes_for)


def end_session(session: WorkoutSession) -> bool:
    """End an open session early; it is kept, and shown as Unfinished."""
    now = timezone.now()
    changes = {
        "state": State.ABANDONED,
        "finished_at": now,
        "rest_ends_at": None,
        "rest_left_seconds": None,
    }
    if session.state == State.PAUSED:
        changes.update(_end_pause(session, now))
    return _move(session, expect={"state__in": OPEN_STATES}, **changes)


# Changing the plan of this session only (the routine stays as it is)


def _change_plan(session: WorkoutSession, *, step: int, version: int, plan: list[PlanItem]) -> bool:
    expect = {"state": State.IN_PROGRESS, "position": step, "plan_version": version}
    return _move(
        session,
        expect=expect,
        plan=[asdict(item) for item in plan],
        plan_version=version + 1,
    )


def add_set(session: WorkoutSession, *, step: int, version: int) -> bool:
    """One more set of the current item: Set N of M becomes Set N of M+1."""
    plan = session_plan(session)
    steps = plan_steps(plan)
    if session.position != step or step >= len(steps) or not session.is_open:
        return False
    position = steps[step].item_position
    if plan[position].sets >= MAX_SETS:
        return False
    plan[position] = replace(plan[position], sets=plan[position].sets + 1)
    return _change_plan(session, step=step, version=version, plan=plan)


def change_hold(session: WorkoutSession, *, step: int, version: int, hold_seconds: int) -> bool:
    """The hold of the current item, for the rest of this session."""
    plan = session_plan(session)
    steps = plan_steps(plan)
    if session.position != step or step >= len(steps):
        return False
    position = steps[step].item_position
    plan[position] = replace(plan[position], hold_seconds=hold_seconds)
    return _change_plan(session, step=step, version=version, plan=plan)


def steps_left_in_item(steps: list[Step], step: int) -> list[Step]:
    """This step and the ones after it that belong to the same item."""
    return [s for s in steps[step:] if s.item_position == steps[step].item_position]


def skip_exercise(session: WorkoutSession, *, step: int) -> bool:
    """Log the current item's remaining sets as skipped and go on to the next item."""
    plan = session_plan(session)
    steps = plan_steps(plan)
    if not 0 <= step < len(steps):
        return False
    item_position = steps[step].item_position
    remaining = steps_left_in_item(steps, step)
    after = remaining[-1].index + 1
    now = timezone.now()
    if after >= len(steps):
        changes = {"state": State.COMPLETED, "position": after, "finished_at": now}
    else:
        changes = {"position": after, "phase": Phase.SET, "rest_ends_at": None}
    expect = {
        "state": State.IN_PROGRESS,
        "phase": Phase.SET,
        "position": step,
        "plan_version": session.plan_version,
    }
    try:
        with transaction.atomic():
            if not _move(session, expect=expect, **changes):
                return False
            SetLog.objects.bulk_create(
                set_log(session, s, plan[item_position], reps=None, logged_at=now)
                for s in remaining
            )
    except IntegrityError:
        session.refresh_from_db()
        return False
    return True


# Sessions left alone, and anonymous sessions


def close_stale_sessions(*, now: datetime | None = None, queryset=None) -> int:
    """Close sessions untouched for 12 hours as Unfinished, at their last logged set."""
    now = now or timezone.now()
    sessions = queryset if queryset is not None else WorkoutSession.objects
    stale = sessions.open().filter(touched_at__lt=now - STALE_AFTER)
    closed = 0
    for session in stale.annotate(last_set_at=Max("sets__logged_at")):
        closed += WorkoutSession.objects.filter(
            pk=session.pk, state__in=OPEN_STATES, touched_at=session.touched_at
        ).update(
            state=State.ABANDONED,
            finished_at=session.last_set_at or session.started_at,
            rest_ends_at=None,
            rest_left_seconds=None,
            paused_at=None,
            version=F("version") + 1,
        )
    return closed


def close_if_stale(session: WorkoutSession, *, now: datetime | None = None) -> WorkoutSession:
    now = now or timezone.now()
    if session.is_open and session.touched_at < now - STALE_AFTER:
        close_stale_sessions(now=now, queryset=WorkoutSession.objects.filter(pk=session.pk))
        session.refresh_from_db()
    return session


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
        return WorkoutSession.objects.filter(pk__in=[s.pk for s in claimed]).update(owner=user)
