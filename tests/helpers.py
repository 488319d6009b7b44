"""Shared steps for tests: start a workout and go through its sets as a person would."""

import time

from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import AnonymousUser
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from sessions import logic
from sessions.models import Phase, State, WorkoutSession


def start(routine, user=None) -> WorkoutSession:
    return logic.start_session(routine=routine, user=user or AnonymousUser(), anonymous_ids=[])


def do_sets(session: WorkoutSession, count: int | None = None, reps: int = 11) -> None:
    """Go through `count` sets (all of them when None): begin, do each set, skip each rest."""
    done = 0
    while session.state != State.COMPLETED and (count is None or done < count):
        if session.phase == Phase.READY:
            logic.begin(session, step=session.position)
        elif session.phase == Phase.REST:
            logic.end_rest(session, step=session.position)
        assert logic.log_set(session, step=session.position, reps=reps) == logic.Outcome.DONE
        done += 1


class SlowMailBackend(LocmemBackend):
    """A mail server that takes its time: what a page's answer must not wait for."""

    def send_messages(self, messages):
        time.sleep(0.2)
        return super().send_messages(messages)


class SlowHasher(MD5PasswordHasher):
    """A password hash as slow as a real one, so that hashing shows in timings."""

    algorithm = "slow_md5"

    def encode(self, password, salt):
        time.sleep(0.1)
        return super().encode(password, salt)
