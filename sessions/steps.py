"""The step machine: the one place that decides where a workout goes next.

A session's plan is a frozen list of items; its steps are (item, set, side) in order: within
a set Left then Right on per-side exercises. Once a step is behind it, the session goes to
the next set straight away, to a rest (a short one between the two sides of a set), or to
its end. The actions (sessions.actions) apply these changes with a compare-and-set.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F

from exercises.plans import SWITCH_SIDES_SECONDS, PlanItem
from sessions.models import Phase, Side, State, WorkoutSession


@dataclass(frozen=True)
class Step:
    index: int
    item_position: int
    set_number: int
    side: Side


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


def steps_left_in_item(steps: list[Step], step: int) -> list[Step]:
    """This step and the ones after it that belong to the same item."""
    return [s for s in steps[step:] if s.item_position == steps[step].item_position]


def is_side_switch(steps: list[Step], position: int) -> bool:
    """Whether the step at position follows the other side of the same set."""
    if not 0 < position < len(steps):
        return False
    previous, current = steps[position - 1], steps[position]
    return (previous.item_position, previous.set_number) == (
        current.item_position,
        current.set_number,
    )


def rest_before(plan: Sequence[PlanItem], steps: list[Step], position: int) -> int:
    """The rest before the step at position: a side switch, or the rest of the item just
    done (its last set included: the rest before the next exercise)."""
    if is_side_switch(steps, position):
        return SWITCH_SIDES_SECONDS
    return plan[steps[position - 1].item_position].rest_seconds


def next_place(
    session: WorkoutSession,
    plan: Sequence[PlanItem],
    steps: list[Step],
    *,
    done: int,
    now: datetime,
    rest: bool = True,
) -> dict:
    """The session's fields once every step up to done is behind it. rest=False goes
    straight on to the next set (Skip exercise: nothing was done to rest from)."""
    following = done + 1
    if following >= len(steps):
        changes = {"state": State.COMPLETED, "position": following, "finished_at": now}
        return {**changes, **pause_ended(session, now), "rest_ends_at": None}
    seconds = rest_before(plan, steps, following) if rest else 0
    if seconds == 0:
        return {"position": following, "phase": Phase.SET, "rest_ends_at": None}
    changes = {"position": following, "phase": Phase.REST, "rest_extensions": 0}
    if session.state == State.PAUSED:
        # Logged from a tab that had not seen the pause: stay paused, the whole rest kept.
        return {**changes, "rest_ends_at": None, "rest_left_seconds": seconds}
    return {**changes, "rest_ends_at": now + timedelta(seconds=seconds)}


def pause_ended(session: WorkoutSession, now: datetime) -> dict:
    """The changes that close a running pause: its length joins the paused time, which
    the workout's duration leaves out."""
    if not session.paused_at:
        return {}
    paused_for = max(0, int((now - session.paused_at).total_seconds()))
    return {"paused_seconds": F("paused_seconds") + paused_for, "paused_at": None}


def seconds_left(ends_at: datetime, now: datetime) -> int:
    """Whole seconds until a countdown ends, never below zero (a started second counts)."""
    return max(0, math.ceil((ends_at - now).total_seconds()))
