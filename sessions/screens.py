"""What a player screen shows: which screen a session is on, the reps to prefill, and what
Skip exercise would skip. The words it says are in sessions.voice."""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from exercises.plans import PlanItem
from sessions.models import Phase, SetLog, Side, State, WorkoutSession
from sessions.steps import (
    Step,
    is_side_switch,
    plan_steps,
    seconds_left,
    session_plan,
    steps_left_in_item,
)


class Screen(enum.StrEnum):
    READY = "ready"
    SET = "set"
    REST = "rest"
    SWITCH = "switch"
    PAUSED = "paused"
    COMPLETE = "complete"
    ENDED = "ended"


@dataclass(frozen=True)
class PlayerState:
    screen: Screen
    step: Step | None
    item: PlanItem | None
    steps_done: int
    steps_total: int
    rest_ends_at: datetime | None = None
    # Whether this is the last set of its item, or the last step of the workout.
    last_set_of_item: bool = False
    last_set_of_workout: bool = False
    rest_left_seconds: int | None = None  # of a rest: counting down, or kept by a pause


def player_state(session: WorkoutSession) -> PlayerState:
    plan = session_plan(session)
    steps = plan_steps(plan)
    step = steps[session.position] if session.position < len(steps) else None
    item = plan[step.item_position] if step else None
    common = {
        "step": step,
        "item": item,
        "steps_done": min(session.position, len(steps)),
        "steps_total": len(steps),
        "last_set_of_item": bool(step and step.set_number == item.sets),
        "last_set_of_workout": bool(step and step.index == len(steps) - 1),
    }
    if session.state == State.COMPLETED:
        return PlayerState(Screen.COMPLETE, **common)
    if session.state == State.ABANDONED:
        return PlayerState(Screen.ENDED, **common)
    if session.state == State.PAUSED:
        left = session.rest_left_seconds if session.phase == Phase.REST else None
        return PlayerState(Screen.PAUSED, rest_left_seconds=left, **common)
    if session.phase == Phase.READY:
        return PlayerState(Screen.READY, **common)
    if session.phase == Phase.REST:
        screen = Screen.SWITCH if is_side_switch(steps, session.position) else Screen.REST
        left = seconds_left(session.rest_ends_at, timezone.now())
        return PlayerState(
            screen, rest_ends_at=session.rest_ends_at, rest_left_seconds=left, **common
        )
    return PlayerState(Screen.SET, **common)


def suggested_reps(
    session: WorkoutSession, step: Step, item: PlanItem, *, anonymous_ids: Sequence[str] = ()
) -> tuple[int, int | None]:
    """Reps to prefill, and last time's reps for the same exercise, set and side if any."""
    earlier = SetLog.objects.done().filter(
        exercise_id=item.exercise_id,
        set_number=step.set_number,
        side=step.side,
        session__started_at__lt=session.started_at,
    )
    if session.owner_id:
        earlier = earlier.filter(session__owner_id=session.owner_id)
    else:
        earlier = earlier.filter(session__owner__isnull=True, session_id__in=anonymous_ids)
    last = earlier.order_by("-logged_at").values_list("reps", flat=True).first()
    return (last if last is not None else item.reps_max), last


def still_to_do(session: WorkoutSession, step: Step) -> str:
    """What Skip exercise would log as skipped: "Set 3", "The right side of set 2, and set 3"."""
    steps = plan_steps(session_plan(session))
    left: dict[int, list[Step]] = {}
    for later in steps_left_in_item(steps, step.index):
        left.setdefault(later.set_number, []).append(later)
    parts = []
    for set_number, sides in left.items():
        if len(sides) == 1 and sides[0].side == Side.RIGHT:
            parts.append(f"the right side of set {set_number}")
        else:
            parts.append(f"set {set_number}")
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:]
