"""What the player needs to go on without the server: every screen still ahead in the
frozen plan, in order, each as the session would be once the steps before it are done.

Each frame is named as the player's own screens are ("set:4", "rest:5": the screen and the
step it stands at), so the page finds the last screen the server confirmed among them and
moves one frame on for each action it had to queue. A rest's length goes with it: offline
the page counts it from the moment the set was done.
"""

import copy
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from sessions.models import Phase, State, WorkoutSession
from sessions.screens import Screen
from sessions.steps import is_side_switch, plan_steps, rest_before, session_plan


@dataclass(frozen=True)
class Frame:
    key: str
    # The session as it will stand on this screen; None for the end, which offline can only
    # say is reached (the summary needs the sets the server has not got yet).
    session: WorkoutSession | None
    rest_seconds: int = 0


def frame_key(screen: str, position: int) -> str:
    return f"{screen}:{position}"


def frames_ahead(session: WorkoutSession) -> list[Frame]:
    """The screens from the session's place to its end. A paused session's frames start
    where Resume would take it."""
    plan = session_plan(session)
    steps = plan_steps(plan)
    now = timezone.now()
    frames = []
    if session.phase == Phase.READY:
        ready = _as_if(session, session.position, Phase.READY)
        frames.append(Frame(frame_key(Screen.READY, session.position), ready))
    for position in range(session.position, len(steps)):
        resting_now = position == session.position and session.phase == Phase.REST
        if position > session.position or resting_now:
            seconds = rest_before(plan, steps, position)
            if seconds:
                screen = Screen.SWITCH if is_side_switch(steps, position) else Screen.REST
                ends_at = now + timedelta(seconds=seconds)
                waiting = _as_if(session, position, Phase.REST, rest_ends_at=ends_at)
                frames.append(Frame(frame_key(screen, position), waiting, seconds))
        frames.append(Frame(frame_key(Screen.SET, position), _as_if(session, position, Phase.SET)))
    frames.append(Frame(frame_key(Screen.COMPLETE, len(steps)), None))
    return frames


def _as_if(session: WorkoutSession, position: int, phase: str, **fields) -> WorkoutSession:
    """A copy in memory, never saved: the session standing at that step."""
    future = copy.copy(session)
    future.state = State.IN_PROGRESS
    future.position = position
    future.phase = phase
    future.paused_at = None
    future.rest_extensions = 0
    future.rest_ends_at = fields.get("rest_ends_at")
    return future
