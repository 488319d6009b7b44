import uuid
from typing import Self

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from exercises.models import Exercise, Routine
from hipdips.models import User


class State(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ABANDONED = "abandoned", "Unfinished"


OPEN_STATES = [State.IN_PROGRESS, State.PAUSED]


class Phase(models.TextChoices):
    """Where an unfinished session stands within its current step."""

    READY = "ready", "Get ready"
    SET = "set", "Doing the set"
    REST = "rest", "Resting before the set"


class Side(models.TextChoices):
    BOTH = "both", "Both"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class WorkoutSessionQuerySet(models.QuerySet["WorkoutSession"]):
    def open(self) -> Self:
        return self.filter(state__in=OPEN_STATES)

    def for_browser(self, user, anonymous_ids: list[str]) -> Self:
        """The sessions this visitor may see: a user's own, or this browser's anonymous ones."""
        if user.is_authenticated:
            return self.filter(owner=user)
        return self.filter(owner__isnull=True, id__in=anonymous_ids)


class WorkoutSession(models.Model):
    """One run through a routine, with a frozen copy of its plan (see sessions.steps)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workout_sessions",
    )
    browser_key = models.CharField(
        max_length=40, blank=True, default="", help_text="The anonymous browser's session key."
    )
    routine = models.ForeignKey(Routine, null=True, blank=True, on_delete=models.SET_NULL)
    routine_name = models.CharField(max_length=80)
    plan = models.JSONField(help_text="The routine's items as they were at the start.")
    plan_version = models.PositiveIntegerField(
        default=0, help_text="Goes up with every change to this session's plan (added set, hold)."
    )
    state = models.CharField(max_length=12, choices=State, default=State.IN_PROGRESS)
    phase = models.CharField(max_length=8, choices=Phase, default=Phase.READY)
    position = models.PositiveIntegerField(default=0, help_text="Index of the current step.")
    rest_ends_at = models.DateTimeField(null=True, blank=True)
    rest_extensions = models.PositiveSmallIntegerField(default=0)
    rest_left_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="What was left of the rest when the session was paused."
    )
    version = models.PositiveIntegerField(
        default=0, help_text="Goes up with every change to the session: the player's screen check."
    )
    started_at = models.DateTimeField()
    touched_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_reps = models.JSONField(
        default=dict,
        blank=True,
        help_text="Last time's reps of each exercise, set and side, read at the start.",
    )

    objects = WorkoutSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(state__in=OPEN_STATES),
                name="one_open_session_per_user",
            ),
            # The same rule for a browser without an account: a double tap on Start opens one.
            models.UniqueConstraint(
                fields=["browser_key"],
                condition=Q(owner__isnull=True, state__in=OPEN_STATES) & ~Q(browser_key=""),
                name="one_open_session_per_browser",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "touched_at"], name="session_state_touched"),
            # History pages: a user's sessions, newest first.
            models.Index(fields=["owner", "-started_at"], name="session_owner_started"),
            # The version of a user's record (count and last change) read from the index.
            models.Index(fields=["owner", "touched_at"], name="session_owner_touched"),
            # A person's open workout, found among years of finished ones (the unique
            # constraint's partial index cannot be used with the states as parameters).
            models.Index(fields=["owner", "state"], name="session_owner_state"),
        ]

    def __str__(self) -> str:
        return f"{self.routine_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def move(self, *, expect: dict, **changes) -> bool:
        """Compare-and-set in one UPDATE: apply the changes only if the session still matches
        expect, so a double tap, a retry or a second tab changes nothing twice.

        Every move bumps the session's version, which the player's screen check compares,
        and the owner's record version, which their cached figures are keyed on.
        """
        changes.setdefault("touched_at", timezone.now())
        # Inside a caller's transaction (Set done's, with its row), no savepoint of its own:
        # a failure undoes the whole action anyway.
        with transaction.atomic(savepoint=False):
            moved = (
                WorkoutSession.objects.filter(pk=self.pk, **expect).update(
                    version=F("version") + 1, **changes
                )
                == 1
            )
            if moved:
                User.objects.record_changed(self.owner_id)
        if moved and not any(hasattr(value, "resolve_expression") for value in changes.values()):
            for name, value in changes.items():
                setattr(self, name, value)
            # At most the database's value: a screen that shows an older number is checked
            # again.
            self.version += 1
        else:
            self.refresh_from_db()  # someone else moved it, or the database computed values
        return moved

    def remove(self) -> None:
        """Deleted with its sets; the owner's figures follow."""
        with transaction.atomic():
            self.delete()
            User.objects.record_changed(self.owner_id)
            User.objects.history_edited(self.owner_id)

    def record_changed(self) -> None:
        """A set of it corrected or deleted in the history: the owner's cached figures and
        an open summary screen follow the new version."""
        self.move(expect={})

    @property
    def active_seconds(self) -> int:
        """Time from start to finish (or to the last action, while open), pauses left out."""
        end = self.finished_at or self.touched_at
        paused = self.paused_seconds
        if self.paused_at:
            paused += int((end - self.paused_at).total_seconds())
        return max(int((end - self.started_at).total_seconds()) - paused, 0)


MAX_LOGGED_REPS = 100
MAX_LOGGED_HOLD_SECONDS = 60


class SetLogQuerySet(models.QuerySet["SetLog"]):
    def for_owner(self, user) -> Self:
        # Both sides name the owner, so that a join to the sessions (their start, their
        # state) reads the owner's sessions by their index too, not all of them.
        return self.filter(owner=user, session__owner=user)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for log in objs:
            log.owner_id = log.session.owner_id
        return super().bulk_create(objs, *args, **kwargs)

    def done(self) -> Self:
        """The sets that were done (a skipped set has no reps)."""
        return self.filter(skipped=False)

    def at(
        self, session: "WorkoutSession", *, item_position: int, set_number: int, side: str
    ) -> Self:
        return self.filter(
            session=session, item_position=item_position, set_number=set_number, side=side
        )


class SetLog(models.Model):
    """One set done (or skipped) on one side: the planned target beside what was done."""

    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="sets")
    # The session's owner, copied (and moved with it when a browser's workouts are claimed):
    # a person's figures read their own sets by index, however many people the table holds.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the index below starts with it
    )
    item_position = models.PositiveSmallIntegerField()
    set_number = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=5, choices=Side)
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    target_reps = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(default=0)
    skipped = models.BooleanField(default=False)
    logged_at = models.DateTimeField()

    objects = SetLogQuerySet.as_manager()

    class Meta:
        ordering = ["logged_at", "id"]
        constraints = [
            # A double tap, a retry or a second tab can never write the same set twice.
            models.UniqueConstraint(
                fields=["session", "item_position", "set_number", "side"],
                name="one_log_per_set_and_side",
            ),
            models.CheckConstraint(
                condition=Q(skipped=True, reps__isnull=True)
                | Q(skipped=False, reps__isnull=False, reps__lte=MAX_LOGGED_REPS),
                name="set_log_reps_valid",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__lte=MAX_LOGGED_HOLD_SECONDS),
                name="set_log_hold_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "exercise", "logged_at"], name="setlog_owner_exercise"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} set {self.set_number} {self.side}"

    def save(self, *args, **kwargs) -> None:
        self.owner_id = self.session.owner_id  # always the session's: see owner
        super().save(*args, **kwargs)

    # Changes made from the history: each one moves the session's version with it.

    def correct(self, reps: int) -> None:
        with transaction.atomic():
            self.reps = reps
            self.save(update_fields=["reps"])
            self.session.record_changed()
            User.objects.history_edited(self.owner_id)

    def remove(self) -> None:
        with transaction.atomic():
            self.delete()
            self.session.record_changed()
            User.objects.history_edited(self.owner_id)
