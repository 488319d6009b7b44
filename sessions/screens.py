"""What a player screen shows: which screen a session is on, the reps to prefill, and what
Skip exercise would skip. The words it says are in sessions.voice."""

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from exercises.plans import PlanItem
from hipdips.queries import PreparedQuery
from sessions.models import Phase, SetLog, Side, State, WorkoutSession
from sessions.steps import (
    Step,
    is_side_switch,
    plan_steps,
    seconds_left,
    session_plan,
    steps_left_in_item,
)

RECENT_WORKOUTS = 30


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

    @property
    def at(self) -> tuple[Step, PlanItem]:
        """The step and its item, which every screen before the end has."""
        if self.step is None or self.item is None:
            raise ValueError(f"The {self.screen} screen is past the last step.")
        return self.step, self.item


def player_state(session: WorkoutSession) -> PlayerState:
    plan = session_plan(session)
    steps = plan_steps(plan)
    step = steps[session.position] if session.position < len(steps) else None
    item = plan[step.item_position] if step else None
    state = PlayerState(
        _screen_of(session, steps),
        step,
        item,
        steps_done=min(session.position, len(steps)),
        steps_total=len(steps),
        last_set_of_item=bool(step and item and step.set_number == item.sets),
        last_set_of_workout=bool(step and step.index == len(steps) - 1),
    )
    if state.screen == Screen.PAUSED and session.phase == Phase.REST:
        return replace(state, rest_left_seconds=session.rest_left_seconds)
    if state.screen in (Screen.REST, Screen.SWITCH) and session.rest_ends_at:
        left = seconds_left(session.rest_ends_at, timezone.now())
        return replace(state, rest_ends_at=session.rest_ends_at, rest_left_seconds=left)
    return state


def _screen_of(session: WorkoutSession, steps: list[Step]) -> Screen:
    if session.state == State.COMPLETED:
        return Screen.COMPLETE
    if session.state == State.ABANDONED:
        return Screen.ENDED
    if session.state == State.PAUSED:
        return Screen.PAUSED
    if session.phase == Phase.READY:
        return Screen.READY
    if session.phase == Phase.REST:
        return Screen.SWITCH if is_side_switch(steps, session.position) else Screen.REST
    return Screen.SET


def last_time_key(exercise_id: int, set_number: int, side: str) -> str:
    return f"{exercise_id}:{set_number}:{side}"


def plan_keys(plan: Sequence[PlanItem]) -> set[str]:
    """The last_time_key of every step of the plan."""
    return {
        last_time_key(plan[step.item_position].exercise_id, step.set_number, step.side)
        for step in plan_steps(plan)
    }


def last_time_reps(
    *,
    owner_id: int | None,
    anonymous_ids: Sequence[str],
    before: datetime,
    exercise_ids: Collection[int],
    wanted: Collection[str] = (),
) -> dict[str, int]:
    """The reps of each exercise, set and side the last time they were done: within the
    person's last RECENT_WORKOUTS workouts (or this browser's) started before `before`.
    Read once, when a workout starts (WorkoutSession.last_reps), not on every set screen.

    wanted: the keys the new workout's steps ask for. Most people repeat a routine, so
    their newest workout alone often holds them all; then the older ones are not read,
    and a start costs the same after five years as after one workout."""
    found: dict[str, int] = {}
    for workouts in (1, RECENT_WORKOUTS) if wanted else (RECENT_WORKOUTS,):
        if owner_id:
            rows = _OWNERS_NEWEST_REPS[workouts].rows(owner_id=owner_id, before=before)
        else:
            earlier = WorkoutSession.objects.filter(owner__isnull=True, id__in=anonymous_ids)
            rows = list(_reps_in_newest(earlier.filter(started_at__lt=before), workouts))
        # Oldest first, so the newest of each key is the one that stays.
        found = {
            last_time_key(exercise_id, set_number, side): reps
            for exercise_id, set_number, side, reps in rows
            if reps is not None and exercise_id in exercise_ids
        }
        if set(wanted) <= found.keys():
            break
    return found


def _reps_in_newest(earlier: QuerySet[WorkoutSession], workouts: int) -> QuerySet[SetLog, Any]:
    # The person's newest workouts first (a range of the owner's index), then their sets by
    # the sets' own index (the unique one, session first): the same cost with years of
    # history and among many people, whatever statistics the database's planner has. The
    # exercises are picked in Python, not in the query: with them in it, SQLite walked the
    # index of those exercises' sets, everybody's, and took 14 ms among 55,000 sets.
    recent = earlier.order_by("-started_at").values("pk")[:workouts]
    return (
        SetLog.objects.done()
        .filter(session__in=recent)
        .order_by("logged_at")
        .values_list("exercise_id", "set_number", "side", "reps")
    )


# Read at every start of a signed-in person's workout: the SQL made once (hipdips.queries).
_OWNERS_NEWEST_REPS = {
    workouts: PreparedQuery(
        lambda owner_id, before, workouts=workouts: _reps_in_newest(
            WorkoutSession.objects.filter(owner_id=owner_id, started_at__lt=before), workouts
        ),
        owner_id=(1, 2),
        before=(datetime(2000, 1, 1, tzinfo=UTC), datetime(2001, 1, 1, tzinfo=UTC)),
    )
    for workouts in (1, RECENT_WORKOUTS)
}


def suggested_reps(session: WorkoutSession, step: Step, item: PlanItem) -> tuple[int, int | None]:
    """Reps to prefill, and last time's reps for the same exercise, set and side if any."""
    last = session.last_reps.get(last_time_key(item.exercise_id, step.set_number, step.side))
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
