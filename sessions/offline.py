"""What the player needs to go on without the server: every screen still ahead in the
frozen plan, in order, each as the session would be once the steps before it are done.

The screens are found by walking the step machine itself (sessions.steps.next_place after
each set, on to the set after Get ready or a rest, as Begin and Skip rest do) on a copy of
the session in memory, never saved. Each frame is named as the player's own screens are
("set:4", "rest:5": the screen and the step it stands at), so the page finds the last
screen the server confirmed among them and moves one frame on for each action it had to
queue. A rest's length goes with it: offline the page counts it from the moment the set was
done.
"""

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from sessions.models import Phase, State, WorkoutSession
from sessions.screens import Screen, player_state
from sessions.steps import next_place, plan_steps, session_plan


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
    place = _going_on(session, now)
    frames = []
    while place.state != State.COMPLETED:
        state = player_state(place)
        frames.append(
            Frame(frame_key(state.screen, place.position), place, state.rest_left_seconds or 0)
        )
        if place.phase == Phase.SET:
            changes = next_place(place, plan, steps, done=place.position, now=now)
        else:  # Get ready or a rest: on to the set
            changes = {"phase": Phase.SET, "rest_ends_at": None}
        place = _moved(place, **changes)
    frames.append(Frame(frame_key(Screen.COMPLETE, place.position), None))
    return frames


def _going_on(session: WorkoutSession, now: datetime) -> WorkoutSession:
    """The session running from where it stands: a paused rest with the time it had left."""
    changes: dict[str, object] = {"state": State.IN_PROGRESS, "paused_at": None}
    if session.phase == Phase.REST and session.rest_ends_at is None:
        changes["rest_ends_at"] = now + timedelta(seconds=session.rest_left_seconds or 0)
    return _moved(session, **changes)


def _moved(session: WorkoutSession, **changes) -> WorkoutSession:
    """A copy in memory with those changes, never saved."""
    future = copy.copy(session)
    for name, value in changes.items():
        setattr(future, name, value)
    return future
