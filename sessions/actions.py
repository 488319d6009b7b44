"""The actions of the player that log sets and move the workout along (no HTTP here).

Every action names the step it answers and changes the session only if the session still
stands there (WorkoutSession.move, a compare-and-set in one UPDATE), so a double tap, a
retry or a second tab changes nothing twice; the unique constraint on SetLog guards the
rows themselves. Each returns whether it moved the session. Where the session goes next is
decided by sessions.steps.
"""

import enum
from dataclasses import asdict, replace
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from exercises.models import MAX_SETS
from exercises.plans import PlanItem
from sessions.models import Phase, SetLog, SetLogQuerySet, State, WorkoutSession
from sessions.steps import Step, next_place, plan_steps, session_plan, steps_left_in_item

ADD_REST_SECONDS = 15


class Outcome(enum.Enum):
    DONE = "done"
    ALREADY_LOGGED = "already logged"
    STALE = "stale"


def begin(session: WorkoutSession, *, step: int) -> bool:
    expect = {"state": State.IN_PROGRESS, "phase": Phase.READY, "position": step}
    return session.move(expect=expect, phase=Phase.SET)


def log_set(
    session: WorkoutSession,
    *,
    step: int,
    reps: int,
    done_at: datetime | None = None,
    version: int | None = None,
) -> Outcome:
    """Log the set of the given step and move on to the rest, the next set, or the end.

    The set is logged while the session stands at that step, whatever another tab did in
    between (a pause, a resume): what was typed is never thrown away. The compare-and-set
    also names the plan version, so an added set or a skipped exercise in another tab
    cannot be overtaken; then the rules are applied again to the fresh session.

    A set kept offline and sent later says when it was done (the row and the rest count
    from then) and on which plan version: after a change of plan its step may be another
    set's, so it is not logged.
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
        if version is not None and version != session.plan_version:
            return Outcome.STALE
        now = timezone.now()
        if done_at is not None:
            now = max(session.started_at, min(done_at, now))
        current = steps[step]
        expect = {
            "state": session.state,
            "phase": session.phase,
            "position": step,
            "plan_version": session.plan_version,
        }
        changes = next_place(session, plan, steps, done=step, now=now)
        try:
            with transaction.atomic():
                if not session.move(expect=expect, **changes):
                    continue  # moved meanwhile: look again at the fresh session
                item = plan[current.item_position]
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
    return _logged(session, steps, step).exists()


def _logged(session: WorkoutSession, steps: list[Step], step: int) -> SetLogQuerySet:
    if not 0 <= step < len(steps):
        return SetLog.objects.none()
    current = steps[step]
    return SetLog.objects.at(
        session,
        item_position=current.item_position,
        set_number=current.set_number,
        side=current.side,
    )


def logged_reps(session: WorkoutSession, *, step: int) -> int | None:
    """The reps logged for a step (None: skipped, or not logged)."""
    row = _logged(session, plan_steps(session_plan(session)), step).values_list("reps").first()
    return row[0] if row else None


def skip_exercise(session: WorkoutSession, *, step: int) -> bool:
    """Log the current item's remaining sets as skipped and go on to the next item."""
    plan = session_plan(session)
    steps = plan_steps(plan)
    if not 0 <= step < len(steps):
        return False
    remaining = steps_left_in_item(steps, step)
    item = plan[steps[step].item_position]
    now = timezone.now()
    changes = next_place(session, plan, steps, done=remaining[-1].index, now=now, rest=False)
    expect = {
        "state": State.IN_PROGRESS,
        "phase": Phase.SET,
        "position": step,
        "plan_version": session.plan_version,
    }
    try:
        with transaction.atomic():
            if not session.move(expect=expect, **changes):
                return False
            SetLog.objects.bulk_create(
                set_log(session, s, item, reps=None, logged_at=now) for s in remaining
            )
    except IntegrityError:
        session.refresh_from_db()
        return False
    return True


def end_rest(session: WorkoutSession, *, step: int, extensions: int | None = None) -> bool:
    """Skip the rest, or end it when its timer runs out (early is fine: the user may skip).

    extensions: how many "Add 15 seconds" the screen had seen; a tab that missed one (its
    timer ran out at the old end time) does not end the longer rest.
    """
    expect = {"state": State.IN_PROGRESS, "phase": Phase.REST, "position": step}
    if extensions is not None:
        expect["rest_extensions"] = extensions
    return session.move(expect=expect, phase=Phase.SET, rest_ends_at=None)


def add_rest_time(session: WorkoutSession, *, step: int, extensions: int) -> bool:
    """Fifteen more seconds of rest; extensions is how many the screen had seen."""
    expect = {
        "state": State.IN_PROGRESS,
        "phase": Phase.REST,
        "position": step,
        "rest_extensions": extensions,
    }
    return session.move(
        expect=expect,
        rest_ends_at=F("rest_ends_at") + timedelta(seconds=ADD_REST_SECONDS),
        rest_extensions=F("rest_extensions") + 1,
    )


# Changing the plan of this session only (the routine stays as it is)


def add_set(session: WorkoutSession, *, step: int, version: int) -> bool:
    """One more set of the current item: Set N of M becomes Set N of M+1."""
    if not session.is_open:
        return False
    return _change_item(
        session, step=step, version=version, change=lambda item: {"sets": item.sets + 1}
    )


def change_hold(session: WorkoutSession, *, step: int, version: int, hold_seconds: int) -> bool:
    """The hold of the current item, for the rest of this session."""
    return _change_item(
        session, step=step, version=version, change=lambda item: {"hold_seconds": hold_seconds}
    )


def _change_item(session: WorkoutSession, *, step: int, version: int, change) -> bool:
    """The current item with change(item)'s fields, if the screen saw this plan version."""
    plan = session_plan(session)
    steps = plan_steps(plan)
    if session.position != step or step >= len(steps):
        return False
    position = steps[step].item_position
    changed = replace(plan[position], **change(plan[position]))
    if changed.sets > MAX_SETS:
        return False
    plan[position] = changed
    return session.move(
        expect={"state": State.IN_PROGRESS, "position": step, "plan_version": version},
        plan=[asdict(item) for item in plan],
        plan_version=version + 1,
    )
