"""Plans and estimates: what a routine asks for, item by item, and how long it takes.

A workout freezes its routine's plan when it starts (sessions.models.WorkoutSession.plan), so
a later edit of the routine never changes a workout already under way.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.core.cache import cache

from exercises.models import (
    LIBRARY_CACHE_SECONDS,
    SECONDS_DOWN,
    SECONDS_UP,
    Exercise,
    Routine,
    RoutineItem,
)

# The countdown between the two sides of one set of a per-side exercise.
SWITCH_SIDES_SECONDS = 10


@dataclass(frozen=True)
class PlanItem:
    """One exercise of a plan: the exercise as it was, with the item's targets
    (RoutineItem.TARGETS)."""

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

    @classmethod
    def of(cls, exercise: Exercise, **targets: int) -> "PlanItem":
        """The exercise with these targets (sets, reps_min, reps_max, hold_seconds,
        rest_seconds)."""
        return cls(
            exercise_id=exercise.pk,
            slug=exercise.slug,
            name=exercise.name,
            per_side=exercise.per_side,
            cues=exercise.cue_list,
            hold_max=exercise.hold_max,
            safety_note=exercise.safety_note,
            pregnancy_note=exercise.pregnancy_note,
            easier_variation=exercise.easier_variation,
            **targets,
        )

    @classmethod
    def from_item(cls, item: RoutineItem) -> "PlanItem":
        return cls.of(item.exercise, **item.targets())

    @property
    def has_hold(self) -> bool:
        """Whether the set screen offers pacing and a hold to change."""
        return bool(self.hold_max or self.hold_seconds)


def plan_for(routine: Routine) -> list[PlanItem]:
    return [PlanItem.from_item(item) for item in routine.items.all()]


def kept_plan(routine: Routine) -> list[PlanItem]:
    """plan_for(routine), kept for the routine as last saved: Start reads it again and
    again, and its items and their exercises are two queries and the priciest part. A
    routine's items are saved with it (its updated_at moves); an exercise edited in the
    admin reaches new workouts within LIBRARY_CACHE_SECONDS, as it reaches the cards."""
    key = f"plan:{routine.pk}:{routine.updated_at.isoformat()}"

    def build() -> list[PlanItem]:
        return plan_for(Routine.objects.with_items().get(pk=routine.pk))

    return cast(list[PlanItem], cache.get_or_set(key, build, LIBRARY_CACHE_SECONDS))


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
