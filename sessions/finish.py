"""The end of a workout: its summary, and the finish report beside last time (the
comparison, the streak, the personal bests beaten)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from sessions import progress
from sessions.models import SetLog, State, WorkoutSession
from sessions.steps import session_plan

FINISH_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class ExerciseSummary:
    name: str
    sets: int
    reps: int
    skipped: int


@dataclass(frozen=True)
class Summary:
    active_seconds: int
    sets: int
    reps: int
    exercises: list[ExerciseSummary]


def summarize(session: WorkoutSession) -> Summary:
    """Duration without pauses, and the sets and reps done, per exercise in plan order."""
    plan = session_plan(session)
    per_item: dict[int, list[SetLog]] = {}
    for log in session.sets.all():
        per_item.setdefault(log.item_position, []).append(log)
    exercises = []
    for position, item in enumerate(plan):
        logs = per_item.get(position, [])
        if not logs:
            continue
        # A set is one set number of the item: left and right make one set.
        done = [log for log in logs if not log.skipped]
        sets_done = {log.set_number for log in done}
        exercises.append(
            ExerciseSummary(
                name=item.name,
                sets=len(sets_done),
                reps=sum(log.reps or 0 for log in done),
                skipped=len({log.set_number for log in logs} - sets_done),
            )
        )
    return Summary(
        active_seconds=session.active_seconds,
        sets=sum(e.sets for e in exercises),
        reps=sum(e.reps for e in exercises),
        exercises=exercises,
    )


@dataclass(frozen=True)
class Comparison:
    """One figure of this workout beside the same figure last time."""

    label: str
    now: int
    before: int

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def shown(self) -> str:
        """+2, a minus sign and 3, or plus-minus 0."""
        if self.change > 0:
            return f"+{self.change}"
        return f"\N{MINUS SIGN}{-self.change}" if self.change else "\N{PLUS-MINUS SIGN}0"


@dataclass(frozen=True)
class Best:
    """The records one exercise beat today, as one line."""

    text: str  # "Clamshell: most reps in one set, 14 (was 12); in one workout, 40 (was 36)"


@dataclass(frozen=True)
class FinishReport:
    summary: Summary
    compared: list[Comparison]  # empty when this routine was never completed before
    streak: int | None  # None for a visitor without an account
    bests: list[Best]

    def spoken(self) -> list[str]:
        words = [
            "Workout complete.",
            f"{self.summary.sets} sets, {self.summary.reps} reps.",
        ]
        reps = next((c for c in self.compared if c.label == "Reps"), None)
        if reps and reps.change:
            more_or_fewer = "more" if reps.change > 0 else "fewer"
            words.append(f"{abs(reps.change)} {more_or_fewer} reps than last time.")
        elif reps:
            words.append("The same reps as last time.")
        if len(self.bests) == 1:
            words.append("A new personal best.")
        elif self.bests:
            words.append(f"New personal bests in {len(self.bests)} exercises.")
        if self.streak and self.streak > 1:
            words.append(f"{self.streak} workout days in your streak.")
        return words


def finish_report(
    session: WorkoutSession, *, history: QuerySet[WorkoutSession], owner=None
) -> FinishReport:
    """Workout complete: this session beside the last completed one of the same routine, the
    streak, and the personal bests beaten.

    history: the sessions of the same person (or browser); owner: the person whose streak it
    is (none for a visitor without an account). Cached under the session's version, the last
    change to the history (a set corrected there: the owner's record version; a browser's
    few sessions are looked at) and the day (the streak).
    """
    if owner is not None:
        changed = f"{owner.record_version}"
    else:
        last = history.aggregate(last=Max("touched_at"))["last"]
        changed = f"{last.timestamp() if last else 0}"
    key = f"finish:{session.pk}:{session.version}:{changed}:{timezone.now().date()}"
    report = cache.get_or_set(
        key, lambda: _finish_report(session, history, owner), FINISH_CACHE_SECONDS
    )
    return cast(FinishReport, report)


def _finish_report(session: WorkoutSession, history, owner) -> FinishReport:
    summary = summarize(session)
    earlier = history.filter(started_at__lt=session.started_at)
    compared = []
    if session.routine_id:
        # The newest by the owner's index first, then its sets: grouping every earlier
        # workout's sets to keep one took half a second after five years.
        last = (
            earlier.filter(state=State.COMPLETED, routine_id=session.routine_id)
            .order_by("-started_at")
            .first()
        )
        if last is not None:
            done = last.sets.aggregate(
                # Counted as summarize() counts them: a set number of an item, sides as one.
                sets=Count(
                    F("item_position") * 100 + F("set_number"),
                    distinct=True,
                    filter=Q(skipped=False),
                ),
                reps=Sum("reps"),
            )
            compared = [
                Comparison("Sets", summary.sets, done["sets"]),
                Comparison("Reps", summary.reps, done["reps"] or 0),
            ]
            minutes = round(summary.active_seconds / 60), round(last.active_seconds / 60)
            if all(minutes):
                compared.append(Comparison("Minutes", *minutes))
    streak = None
    if owner is not None:
        today = progress.today_for(owner)
        streak = progress.streaks(progress.kept_workout_days(owner, today), today).current
    return FinishReport(summary, compared, streak, _bests_beaten(session, earlier, owner))


BEST_NAMES = ("best_set", "total", "best_hold")
BESTS_CACHE_SECONDS = 7 * 24 * 3600
type Bests = dict[int, dict[str, int]]  # per exercise: the best of each of BEST_NAMES


def _bests_beaten(session: WorkoutSession, earlier, owner) -> list[Best]:
    """Per exercise of this session: most reps in one set, most reps in one workout, the
    longest hold, where this session beat every earlier one (a first time beats nothing)."""
    before, today = _bests_before_and_now(session, earlier, owner)
    names = {item.exercise_id: item.name for item in session_plan(session)}
    bests = []
    for exercise_id, row in today.items():
        if exercise_id not in before:
            continue
        was = before[exercise_id]
        beaten = [
            f"{what}, {row[name]}{unit} (was {was[name]}{unit})"
            for name, what, unit in (
                ("best_set", "most reps in one set", ""),
                ("total", "most reps in one workout", ""),
                ("best_hold", "longest hold", " s"),
            )
            if row[name] > was[name]
        ]
        if beaten:
            bests.append(Best(f"{names[exercise_id]}: {'; '.join(beaten)}"))
    return bests


def _bests_before_and_now(session: WorkoutSession, earlier, owner) -> tuple[Bests, Bests]:
    """The bests of every workout started before this one, and this one's. A person's
    are kept as they grow: each summary reads only the workouts since the one whose bests
    were kept last (usually none), so it costs the same after five years as after a week.
    A change to the past (User.history_version) starts them again from every workout."""
    if owner is None:  # a browser's few workouts
        return _bests_of(session, earlier)
    key = f"bests:{owner.pk}:{owner.history_version}"
    kept: tuple[Any, Bests] | None = cache.get(key)
    kept_bests: Bests = {}
    if kept is not None and kept[0] < session.started_at:
        through, kept_bests = kept
        earlier = earlier.filter(started_at__gt=through)
    before, today = _bests_of(session, earlier)
    before = _merged(kept_bests, before)
    if kept is None or kept[0] <= session.started_at:
        # This session is over: its own bests join for the next one.
        cache.set(key, (session.started_at, _merged(before, today)), BESTS_CACHE_SECONDS)
    return before, today


def _bests_of(session: WorkoutSession, earlier) -> tuple[Bests, Bests]:
    """The bests of the earlier workouts and of this one, in one query."""
    rows = (
        SetLog.objects.done()
        .filter(Q(session=session) | Q(session__in=earlier))
        .values("session_id", "exercise_id")
        .annotate(total=Sum("reps"), best_set=Max("reps"), best_hold=Max("hold_seconds"))
        .order_by()
    )
    before: Bests = {}
    today: Bests = {}
    typed_rows: Iterable[Mapping[str, Any]] = rows
    for row in typed_rows:
        bests = today if row["session_id"] == session.pk else before
        best = bests.setdefault(row["exercise_id"], dict.fromkeys(BEST_NAMES, 0))
        for name in BEST_NAMES:
            best[name] = max(best[name], row[name] or 0)
    return before, today


def _merged(first: Bests, second: Bests) -> Bests:
    merged = {exercise: dict(best) for exercise, best in first.items()}
    for exercise, best in second.items():
        mine = merged.setdefault(exercise, dict.fromkeys(BEST_NAMES, 0))
        for name in BEST_NAMES:
            mine[name] = max(mine[name], best[name])
    return merged
