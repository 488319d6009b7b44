"""Shared steps for tests: start a workout and go through its sets as a person would."""

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import AnonymousUser
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connections

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


class Clock:
    """A stand-in for timezone.now(): the same moment until advanced (see the clock fixture)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def run_at_once(work: Callable[[int], None], workers: int) -> None:
    """Run work(0), work(1), ... in threads released at the same moment, as requests from
    several gunicorn workers would arrive; a failure in any thread fails the test."""
    barrier, failures = threading.Barrier(workers), []

    def run(worker: int) -> None:
        try:
            barrier.wait()
            work(worker)
        except BaseException as failure:
            failures.append(failure)
        finally:
            connections.close_all()  # each thread has its own database connection

    threads = [threading.Thread(target=run, args=[worker]) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
