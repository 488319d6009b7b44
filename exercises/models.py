from typing import Self

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from hipdips.queries import PreparedQuery

MAX_HOLD_SECONDS = 10
# How long copies of what the library shows are kept (exercise pages, routine cards, plans,
# public pages): an edit in the admin shows within five minutes.
LIBRARY_CACHE_SECONDS = 300


# The pace of one rep (shared/DESIGN.md): 1 s up, the hold, 2 s down. The duration estimate,
# the pacer and the demos all count with it.
SECONDS_UP = 1
SECONDS_DOWN = 2


class Equipment(models.TextChoices):
    """What an exercise needs besides the floor."""

    NONE = "none", "No equipment"
    STEP = "step", "A step"
    BENCH = "bench", "A bench or couch"


class Exercise(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    summary = models.TextField()
    cues = models.TextField(help_text="One step per line, in order.")
    equipment = models.CharField(max_length=10, choices=Equipment, default=Equipment.NONE)
    equipment_note = models.CharField(max_length=120, blank=True)
    per_side = models.BooleanField("one side at a time", default=False)
    default_sets = models.PositiveSmallIntegerField(default=3)
    reps_min = models.PositiveSmallIntegerField(default=10)
    reps_max = models.PositiveSmallIntegerField(default=12)
    hold_min = models.PositiveSmallIntegerField("shortest hold (s)", default=0)
    hold_max = models.PositiveSmallIntegerField("longest hold (s)", default=0)
    target_muscles = models.TextField(help_text="One muscle per line, the main one first.")
    easier_variation = models.TextField(blank=True)
    harder_variation = models.TextField(blank=True)
    safety_note = models.TextField(blank=True)
    pregnancy_note = models.TextField(
        blank=True, help_text="For exercises on the back, on one leg or with a wide leg."
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reps_min__gte=1, reps_min__lte=F("reps_max")),
                name="exercise_reps_range_valid",
                violation_error_message="Reps: the smallest number must be 1 to the largest.",
            ),
            models.CheckConstraint(
                condition=Q(hold_min__lte=F("hold_max"), hold_max__lte=MAX_HOLD_SECONDS),
                name="exercise_hold_range_valid",
                violation_error_message="Hold: the shortest must not pass the longest, "
                f"and no hold is over {MAX_HOLD_SECONDS} s.",
            ),
            models.CheckConstraint(
                condition=Q(default_sets__gte=1, default_sets__lte=10),
                name="exercise_default_sets_valid",
                violation_error_message="Sets must be 1 to 10.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exercises:detail", args=[self.slug])

    @property
    def cue_list(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]

    @property
    def muscle_list(self) -> list[str]:
        return [line.strip() for line in self.target_muscles.splitlines() if line.strip()]

    @property
    def has_hold(self) -> bool:
        return self.hold_max > 0

    @property
    def reps_label(self) -> str:
        if self.reps_min == self.reps_max:
            return str(self.reps_min)
        return f"{self.reps_min}-{self.reps_max}"

    @property
    def hold_label(self) -> str:
        if not self.has_hold:
            return ""
        if self.hold_min == self.hold_max:
            return f"{self.hold_max} s"
        return f"{self.hold_min}-{self.hold_max} s"


MAX_SETS = 10
MAX_ITEMS = 30  # exercises in one routine
MAX_REPS = 50
MAX_REST_SECONDS = 300


class RoutineQuerySet(models.QuerySet["Routine"]):
    def builtin(self) -> Self:
        return self.filter(owner__isnull=True)

    def with_items(self) -> Self:
        items = RoutineItem.objects.select_related("exercise").order_by("position")
        return self.prefetch_related(models.Prefetch("items", items))

    def visible_to(self, user) -> Self:
        """The built-ins, and the user's own routines."""
        if user.is_authenticated:
            return self.visible_to_owner(user.pk)
        return self.builtin()

    def visible_to_owner(self, owner_id: int) -> Self:
        return self.filter(Q(owner__isnull=True) | Q(owner_id=owner_id))


class Routine(models.Model):
    """An ordered plan of exercises. Built-ins have no owner and are read-only."""

    owner = models.ForeignKey(
        "hipdips.User", null=True, blank=True, on_delete=models.CASCADE, related_name="routines"
    )
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=200, blank=True)
    display_order = models.PositiveSmallIntegerField(default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name", "id"]
        constraints = [
            # Two routines of one name would give two identical Start buttons.
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                name="routine_name_unique_per_owner",
                violation_error_message="You already have a routine called that.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None

    def copy_for(self, owner) -> "Routine":
        """A routine of the owner's own with the same items (a built-in made editable),
        named "Copy of X", or "Copy of X (2)" and so on when that name is taken."""
        items = list(self.items.all())
        taken = set(owner.routines.values_list(Lower("name"), flat=True))
        for _attempt in range(3):
            name = free_name(f"Copy of {self.name}", taken)
            try:
                with transaction.atomic():
                    copy = Routine.objects.create(
                        owner=owner, name=name, description=self.description
                    )
                    RoutineItem.objects.bulk_create(item.copy_to(copy) for item in items)
                return copy
            except IntegrityError:  # another copy took the name a moment ago
                taken.add(name.lower())
        raise IntegrityError("No free name for the copy.")


def free_name(name: str, taken: set[str], *, max_length: int = 80) -> str:
    """The name, or the name numbered "(2)", "(3)"... if taken (lower case) holds it; the
    number always fits in max_length."""
    candidate, number = name[:max_length], 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: max_length - len(suffix)] + suffix
    return candidate


class RoutineItem(models.Model):
    """One exercise in a routine, with its own sets, reps, hold and rest."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(default=3)
    reps_min = models.PositiveSmallIntegerField(default=10)
    reps_max = models.PositiveSmallIntegerField(default=12)
    hold_seconds = models.PositiveSmallIntegerField(default=0)
    rest_seconds = models.PositiveSmallIntegerField(default=45)

    # What an item asks for, beside its exercise: the one list a plan, the editor's rows, a
    # saved item and the export are built from.
    TARGETS = ("sets", "reps_min", "reps_max", "hold_seconds", "rest_seconds")

    class Meta:
        ordering = ["routine", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["routine", "position"], name="routine_item_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1, sets__lte=MAX_SETS),
                name="routine_item_sets_valid",
                violation_error_message=f"Sets must be 1 to {MAX_SETS}.",
            ),
            models.CheckConstraint(
                condition=Q(reps_min__gte=1, reps_min__lte=F("reps_max"), reps_max__lte=MAX_REPS),
                name="routine_item_reps_valid",
                violation_error_message=f"Reps must be 1 to {MAX_REPS}, the smallest first.",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__lte=MAX_HOLD_SECONDS),
                name="routine_item_hold_valid",
                violation_error_message=f"A hold is 0 to {MAX_HOLD_SECONDS} seconds.",
            ),
            models.CheckConstraint(
                condition=Q(rest_seconds__lte=MAX_REST_SECONDS),
                name="routine_item_rest_valid",
                violation_error_message=f"Rest is 0 to {MAX_REST_SECONDS} seconds.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine}: {self.position + 1}. {self.exercise}"

    def targets(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.TARGETS}

    @classmethod
    def starting_with(cls, exercise: Exercise) -> "RoutineItem":
        """A new item of the exercise, with its own defaults (a short hold if it has one)."""
        return cls(
            exercise=exercise,
            sets=exercise.default_sets,
            reps_min=exercise.reps_min,
            reps_max=exercise.reps_max,
            hold_seconds=min(3, exercise.hold_max),
        )

    def copy_to(self, routine: Routine) -> "RoutineItem":
        return RoutineItem(
            routine=routine, position=self.position, exercise=self.exercise, **self.targets()
        )


# Read by every start page, routines page and Start: the SQL made once (hipdips.queries).
_VISIBLE_TO_OWNER = PreparedQuery(
    lambda owner_id: Routine.objects.visible_to_owner(owner_id), owner_id=(1, 2)
)
_BUILTIN = PreparedQuery(lambda: Routine.objects.builtin())


def visible_routines(user) -> list[Routine]:
    """Routine.objects.visible_to(user), read: a person has a handful of routines."""
    return _VISIBLE_TO_OWNER(owner_id=user.pk) if user.is_authenticated else _BUILTIN()
