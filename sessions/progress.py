"""Figures about a person's history: streaks, the calendar, charts, bests, the next step.

Plain functions over a few aggregate queries each, so a page costs the same number of
queries whether the history holds one session or five years of them.
"""

import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.utils import timezone

from exercises.models import Exercise
from sessions.models import SetLog, State, WorkoutSession

FIGURES_CACHE_SECONDS = 3600
DAY = timedelta(days=1)
HEATMAP_WEEKS = 26
CHART_WEEKS = 12
HINT_LOOKBACK = timedelta(days=60)
RANGES = {"12w": ("12 weeks", 12), "1y": ("1 year", 52), "all": ("All time", None)}


def user_zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def today_for(user, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(user_zone(user)).date()


# The figures are costly over years of history and change only when the record does: they
# are cached under the record's version, a field of the user's row that every write to their
# workouts moves (WorkoutSession.move and the few writes beside it), so reading it costs no
# query beyond the signed-in user's own.


def record_version(user) -> str:
    return f"{user.record_version}-{user.time_zone}"


def cached_figures[T](user, name: str, compute: Callable[[], T], *, version: str) -> T:
    key = f"figures:{user.pk}:{name}:{version}"
    return cast(T, cache.get_or_set(key, compute, FIGURES_CACHE_SECONDS))


# Workout days and streaks


def workout_starts(user, since: datetime | None = None) -> list[datetime]:
    """When each session with at least one set done started (one query, no join fan-out);
    with since, only those started from then on."""
    done = SetLog.objects.done().filter(session=OuterRef("pk"))
    sessions = WorkoutSession.objects.filter(owner=user)
    if since is not None:
        sessions = sessions.filter(started_at__gte=since)
    return list(sessions.filter(Exists(done)).values_list("started_at", flat=True))


def workout_days(user, starts: list[datetime] | None = None) -> set[date]:
    """The days (in the user's time zone) on which they logged at least one set.

    Converted here rather than in SQL: SQLite would call a Python function per row anyway.
    """
    zone = user_zone(user)
    if starts is None:
        starts = workout_starts(user)
    return {start.astimezone(zone).date() for start in starts}


def kept_workout_days(user, today: date) -> set[date]:
    """workout_days(user), the days before yesterday kept for the day: they change only
    with the past (User.history_version), and reading five years of them took 9 ms at
    every workout's end. The last two days are read each time, as they still move."""
    key = f"days-before:{user.pk}:{user.history_version}:{user.time_zone}:{today}"
    settled: set[date] | None = cache.get(key)
    if settled is None:
        days = workout_days(user)
        cache.set(key, {day for day in days if day < today - DAY}, FIGURES_CACHE_SECONDS)
        return days
    since = timezone.now() - 3 * DAY  # whatever the zone, every start of those two days
    recent = workout_starts(user, since=since)
    return settled | {day for day in workout_days(user, recent) if day >= today - DAY}


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int


# Rest days are part of training: one day off between two workouts keeps a streak going.
STREAK_GAP = timedelta(days=2)


def streaks(days: set[date], today: date) -> Streaks:
    """Workout days in a row, a single rest day between them allowed; counted in workout
    days. A streak is still current while its last workout was today, yesterday or the day
    before (today may yet be a workout or a rest day)."""
    longest = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous <= STREAK_GAP else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if previous is not None and today - previous <= STREAK_GAP:
        current = run
    return Streaks(current=current, longest=longest)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    worked_out: bool
    week: int  # column
    weekday: int  # row, Monday = 0


def calendar(days: set[date], today: date, weeks: int = HEATMAP_WEEKS) -> list[CalendarDay]:
    """The last `weeks` weeks, Monday to Sunday, ending with the week of today."""
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    cells = []
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        cells.append(CalendarDay(day, day in days, offset // 7, offset % 7))
    return cells


# Charts and bests


@dataclass(frozen=True)
class Point:
    when: date
    reps: int
    hold: int


@dataclass
class ExerciseProgress:
    exercise: Exercise
    points: list[Point]
    best_reps: int = 0
    best_hold: int = 0

    @property
    def max_reps(self) -> int:
        return max((p.reps for p in self.points), default=0)

    @property
    def max_hold(self) -> int:
        return max((p.hold for p in self.points), default=0)


def exercise_progress(
    user, *, range_key: str, now: datetime | None = None
) -> list[ExerciseProgress]:
    """Per exercise: reps per session (12 weeks) or per week (longer ranges), and bests."""
    now = now or timezone.now()
    zone = user_zone(user)
    weeks = RANGES[range_key][1]
    done = SetLog.objects.done()
    if weeks:
        # Read through the sessions started in the range (their index on owner and start):
        # through the person's sets, every set of every year is joined to its session.
        started = WorkoutSession.objects.filter(
            owner=user, started_at__gte=now - timedelta(weeks=weeks)
        )
        in_range = done.filter(session__in=started)
    else:
        in_range = done.for_owner(user)
    rows = (
        in_range.values("exercise_id", "session_id", "session__started_at")
        .annotate(reps=Sum("reps"), hold=Max("hold_seconds"))
        .order_by("session__started_at")
    )
    points: dict[int, dict[date, Point]] = defaultdict(dict)
    for row in rows:
        day = row["session__started_at"].astimezone(zone).date()
        if range_key != "12w":
            day -= timedelta(days=day.weekday())  # weekly totals, by the week's Monday
        earlier = points[row["exercise_id"]].get(day)
        reps, hold = row["reps"] or 0, row["hold"] or 0
        if earlier:
            reps, hold = reps + earlier.reps, max(hold, earlier.hold)
        points[row["exercise_id"]][day] = Point(day, reps, hold)
    bests = {  # (reps, hold)
        row["exercise_id"]: (row["best_reps"] or 0, row["best_hold"] or 0)
        # A set names its owner: the bests need no join to the sessions.
        for row in done.filter(owner=user)
        .values("exercise_id")
        .annotate(best_reps=Max("reps"), best_hold=Max("hold_seconds"))
    }
    return [
        ExerciseProgress(
            exercise=exercise,
            points=list(points.get(exercise.pk, {}).values()),
            best_reps=bests.get(exercise.pk, (0, 0))[0],
            best_hold=bests.get(exercise.pk, (0, 0))[1],
        )
        for exercise in Exercise.objects.all()
    ]


def most_sessions_in_a_week(user, starts: list[datetime] | None = None) -> int:
    zone = user_zone(user)
    weeks = Counter(
        start.astimezone(zone).date().isocalendar()[:2]
        for start in (starts or workout_starts(user))
    )
    return max(weeks.values(), default=0)


# The next step


@dataclass(frozen=True)
class Hint:
    exercise: Exercise
    text: str


def progression_hints(user, *, sessions_needed: int = 2, now: datetime | None = None) -> list[Hint]:
    """When every set of an exercise reached the top of its range (the set's own target) in
    the last two sessions that had it, suggest the next step: one second more of hold, or
    the harder variation. Only recent sessions count: after a long break, no push."""
    since = (now or timezone.now()) - HINT_LOOKBACK
    recent = (
        SetLog.objects.for_owner(user)
        .filter(
            session__state=State.COMPLETED,
            session__started_at__gte=since,
        )
        .values("exercise_id", "session_id", "session__started_at")
        .annotate(
            sets=Count("id"),
            at_top=Count("id", filter=Q(skipped=False, reps__gte=F("target_reps"))),
            hold=Max("hold_seconds"),
        )
        .order_by("exercise_id", "-session__started_at")
    )
    by_exercise: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in recent:
        if len(by_exercise[row["exercise_id"]]) < sessions_needed:
            by_exercise[row["exercise_id"]].append(row)
    hints = []
    exercises = {exercise.pk: exercise for exercise in Exercise.objects.all()}
    for exercise_id, rows in by_exercise.items():
        exercise = exercises.get(exercise_id)
        if exercise is None or len(rows) < sessions_needed:
            continue
        if all(row["sets"] and row["at_top"] == row["sets"] for row in rows):
            hints.append(Hint(exercise, next_step_text(exercise, hold=rows[0]["hold"] or 0)))
    return sorted(hints, key=lambda hint: hint.exercise.display_order)


def current_hints(user) -> list[Hint]:
    """progression_hints, kept under the record's version for the day: the start page asks
    on every visit, and the answer only changes with a workout or with the date."""
    return cached_figures(
        user,
        f"hints-{today_for(user)}",
        lambda: progression_hints(user),
        version=record_version(user),
    )


def next_step_text(exercise: Exercise, *, hold: int = 0) -> str:
    """One second more of hold while the exercise's range allows it; then the harder
    version. hold: the hold of the latest session."""
    if exercise.has_hold and hold < exercise.hold_max:
        longer = max(hold + 1, exercise.hold_min)
        return (
            f"{exercise.name}: every set reached the top of the range twice in a row. "
            f"Try holding {longer} second{'s' if longer != 1 else ''} at the top: set it under "
            "Change this set in your next workout, or in your own routine."
        )
    harder = exercise.harder_variation.rstrip(".")
    if not harder:
        return (
            f"{exercise.name}: every set reached the top of the range twice in a row. "
            "Try a slower lowering, three seconds down."
        )
    return (
        f"{exercise.name}: every set reached the top of the range twice in a row. "
        f"Ready for the harder version? {harder}."
    )
