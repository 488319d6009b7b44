"""What the player shows and says: the screen of a session, and the voice script.

The words the coach speaks are built here, with the screen, so they are tested without a
browser and can be translated; the browser only decides when to say them (sessions/views.py
puts them on the screen as data attributes, static/js/cues.js speaks them).
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from exercises.demos.poses import DEMOS
from exercises.models import SECONDS_DOWN, SECONDS_UP
from sessions import logic, progress
from sessions.logic import PlanItem, Step, plan_steps, session_plan
from sessions.models import Phase, SetLog, Side, State, WorkoutSession

# How long before a rest ends the coach says what comes next.
NEXT_UP_SECONDS = 10
FINISH_CACHE_SECONDS = 3600


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
        screen = Screen.SWITCH if _is_side_switch(steps, session.position) else Screen.REST
        left = logic.seconds_left(session.rest_ends_at, timezone.now())
        return PlayerState(
            screen, rest_ends_at=session.rest_ends_at, rest_left_seconds=left, **common
        )
    return PlayerState(Screen.SET, **common)


def _is_side_switch(steps: list[Step], position: int) -> bool:
    """A rest between the two sides of one set."""
    if not 0 < position < len(steps):
        return False
    previous, current = steps[position - 1], steps[position]
    return (previous.item_position, previous.set_number) == (
        current.item_position,
        current.set_number,
    )


def suggested_reps(
    session: WorkoutSession, step: Step, item: PlanItem, *, anonymous_ids: Sequence[str] = ()
) -> tuple[int, int | None]:
    """Reps to prefill, and last time's reps for the same exercise, set and side if any."""
    earlier = SetLog.objects.filter(
        exercise_id=item.exercise_id,
        set_number=step.set_number,
        side=step.side,
        skipped=False,
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
    for later in logic.steps_left_in_item(steps, step.index):
        left.setdefault(later.set_number, []).append(later)
    parts = []
    for set_number, sides in left.items():
        if len(sides) == 1 and sides[0].side == Side.RIGHT:
            parts.append(f"the right side of set {set_number}")
        else:
            parts.append(f"set {set_number}")
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:]


# The voice script


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(number: int) -> str:
    """12 -> "twelve", 45 -> "forty-five": what the pacing voice counts (0 to 100)."""
    if number < 20:
        return _ONES[number]
    if number >= 100:
        return "one hundred"
    tens, ones = divmod(number, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _leg(side: Side) -> str:
    return f"{side.label.lower()} leg"


def seconds_words(seconds: int) -> str:
    return "1 second" if seconds == 1 else f"{seconds} seconds"


def step_words(step: Step, item: PlanItem) -> str:
    """ "Clamshell, set 2 of 3, 12 reps, left leg" (no set count when there is one set)"""
    words = [item.name]
    if item.sets > 1:
        words.append(f"set {step.set_number} of {item.sets}")
    words.append(f"{item.reps_max} reps")
    if item.hold_seconds:
        words.append(f"hold {seconds_words(item.hold_seconds)}")
    if step.side != Side.BOTH:
        words.append(_leg(step.side))
    return ", ".join(words)


@dataclass(frozen=True)
class Voice:
    """What the coach says on a screen: at once, shortly before a countdown ends, and the
    numbers of the last three seconds."""

    on_show: str
    next_up: str = ""
    countdown: list[str] = field(default_factory=list)


def voice_for(state: PlayerState, *, finish: "FinishReport | None" = None) -> Voice:
    count = [number_words(n).capitalize() for n in (3, 2, 1)]
    step, item = state.step, state.item
    if state.screen == Screen.READY:
        # Short: the 3-2-1 follows within two seconds; the set screen says the rest.
        return Voice(f"Get ready: {item.name}.", countdown=count)
    if state.screen == Screen.SET:
        words = f"{step_words(step, item)}."
        if state.last_set_of_workout:
            words += " Last set of the workout."
        elif state.last_set_of_item and item.sets > 1:
            words += " Last set."
        return Voice(words)
    if state.screen == Screen.REST:
        return Voice(
            f"Rest, {seconds_words(state.rest_left_seconds)}.",
            next_up=f"Next up: {step_words(step, item)}.",
            countdown=count,
        )
    if state.screen == Screen.SWITCH:
        return Voice(f"Switch to your {_leg(step.side)}.", countdown=count)
    if state.screen == Screen.PAUSED:
        return Voice("Paused. Your place is kept.")
    if state.screen == Screen.COMPLETE and finish is not None:
        return Voice(" ".join(finish.spoken()))
    return Voice("Workout ended. Every set you logged is kept.")


# The few phrases the browser puts together itself, with a number in place of {n}.
BROWSER_WORDS = {
    "seconds": "{n} seconds",
    "reps": "{n} reps",
    "paced": "{n} reps. Press Set done.",
    "pacing_stopped": "Pacing stopped.",
}


# Hold pacing: the browser plays this schedule; its rules and words live here.


LEAD_IN_SECONDS = 3


def lowers_first(item: PlanItem) -> bool:
    """A move that begins by going down (and comes up with the effort), as its demo shows;
    the others begin with a lift."""
    demo = DEMOS.get(item.slug)
    return bool(demo and demo.lowers_first)


@dataclass(frozen=True)
class PaceBeat:
    rep: int  # 0: the lead-in, time to get into position
    phase: str  # "ready", "lift", "hold" or "lower"
    seconds: int
    words: str  # spoken as the beat starts
    shown: str  # the big word on screen


def pacing_schedule(*, reps: int, hold_seconds: int, lower_first: bool = False) -> list[PaceBeat]:
    """A lead-in, then each rep: lift (1 s), the hold if any, lower (2 s); the rep's number is
    said as it starts. A move that begins by going down lowers first and says "Up"."""
    beats = [PaceBeat(0, "ready", LEAD_IN_SECONDS, "Get into position.", "Ready")]
    for rep in range(1, reps + 1):
        number = number_words(rep).capitalize()
        if lower_first:
            beats.append(PaceBeat(rep, "lower", SECONDS_DOWN, number, "Down"))
            beats.append(PaceBeat(rep, "lift", SECONDS_UP, "Up", "Up"))
            continue
        beats.append(PaceBeat(rep, "lift", SECONDS_UP, number, "Lift"))
        if hold_seconds:
            beats.append(PaceBeat(rep, "hold", hold_seconds, "Hold", "Hold"))
        beats.append(PaceBeat(rep, "lower", SECONDS_DOWN, "Lower", "Lower"))
    return beats


# The end of a workout


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
    change to the history (a set corrected there) and the day (the streak).
    """
    changed = history.aggregate(last=Max("touched_at"))["last"]
    stamp = changed.timestamp() if changed else 0
    key = f"finish:{session.pk}:{session.version}:{stamp}:{timezone.now().date()}"
    return cache.get_or_set(
        key, lambda: _finish_report(session, history, owner), FINISH_CACHE_SECONDS
    )


def _finish_report(session: WorkoutSession, history, owner) -> FinishReport:
    summary = summarize(session)
    earlier = history.filter(started_at__lt=session.started_at)
    compared = []
    if session.routine_id:
        last = (
            earlier.filter(state=State.COMPLETED, routine_id=session.routine_id)
            .annotate(
                # Counted as summarize() counts them: a set number of an item, sides as one.
                sets_done=Count(
                    F("sets__item_position") * 100 + F("sets__set_number"),
                    distinct=True,
                    filter=Q(sets__skipped=False),
                ),
                reps_done=Sum("sets__reps"),
            )
            .order_by("-started_at")
            .first()
        )
        if last is not None:
            compared = [
                Comparison("Sets", summary.sets, last.sets_done),
                Comparison("Reps", summary.reps, last.reps_done or 0),
            ]
            minutes = round(summary.active_seconds / 60), round(last.active_seconds / 60)
            if all(minutes):
                compared.append(Comparison("Minutes", *minutes))
    streak = None
    if owner is not None:
        streak = progress.streaks(progress.workout_days(owner), progress.today_for(owner)).current
    return FinishReport(summary, compared, streak, _bests_beaten(session, earlier))


def _bests_beaten(session: WorkoutSession, earlier) -> list[Best]:
    """Per exercise of this session: most reps in one set, most reps in one workout, the
    longest hold, where this session beat every earlier one (a first time beats nothing)."""
    rows = (
        SetLog.objects.filter(skipped=False)
        .filter(Q(session=session) | Q(session__in=earlier))
        .values("session_id", "exercise_id")
        .annotate(total=Sum("reps"), best_set=Max("reps"), best_hold=Max("hold_seconds"))
        .order_by()
    )
    today: dict[int, dict] = {}
    before: dict[int, dict] = {}
    for row in rows:
        if row["session_id"] == session.pk:
            today[row["exercise_id"]] = row
            continue
        best = before.setdefault(row["exercise_id"], {"total": 0, "best_set": 0, "best_hold": 0})
        for name in best:
            best[name] = max(best[name], row[name] or 0)
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
            if (row[name] or 0) > was[name]
        ]
        if beaten:
            bests.append(Best(f"{names[exercise_id]}: {'; '.join(beaten)}"))
    return bests
