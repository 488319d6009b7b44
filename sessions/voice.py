"""What the coach says: the words of each screen, and the hold pacing's schedule.

The words are built here, with the screen, so they are tested without a browser and can be
translated; the browser only decides when to say them (sessions/views.py puts them on the
screen as data attributes, static/js/cues.js speaks them).
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exercises.demos.poses import DEMOS
from exercises.models import SECONDS_DOWN, SECONDS_UP
from exercises.plans import PlanItem
from sessions.models import Side
from sessions.screens import PlayerState, Screen
from sessions.steps import Step

if TYPE_CHECKING:
    from sessions.finish import FinishReport

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
    if state.screen == Screen.PAUSED:
        return Voice("Paused. Your place is kept.")
    if state.screen == Screen.COMPLETE and finish is not None:
        return Voice(" ".join(finish.spoken()))
    if state.screen in (Screen.COMPLETE, Screen.ENDED):
        return Voice("Workout ended. Every set you logged is kept.")
    count = [number_words(n).capitalize() for n in (3, 2, 1)]
    step, item = state.at
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
            f"Rest, {seconds_words(state.rest_left_seconds or 0)}.",
            next_up=f"Next up: {step_words(step, item)}.",
            countdown=count,
        )
    return Voice(f"Switch to your {_leg(step.side)}.", countdown=count)


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
