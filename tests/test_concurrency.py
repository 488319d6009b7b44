"""Two requests answering the same step at the same moment write one row (both databases).

SQLite needs a file database for this (settings_test.py gives it one): threads do not see
an in-memory database's transaction, and WAL and the busy timeout only work on a file.
"""

import pytest
from django.test import Client
from django.urls import reverse

from exercises.models import Routine
from sessions.models import SetLog, WorkoutSession
from tests.helpers import run_at_once


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_two_simultaneous_set_done_posts_log_one_set(builtin_rows, htmx):
    client = Client()
    routine = Routine.objects.get(name="Quick routine")
    client.post(reverse("workouts:start"), {"routine": routine.pk})
    session = WorkoutSession.objects.get()
    client.post(reverse("workouts:begin", args=[session.pk]), {"step": 0})

    url = reverse("workouts:set_done", args=[session.pk])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    statuses: list[int] = []

    def post(worker: int) -> None:
        tab = Client()  # four tabs of one browser: its cookies, a client each
        tab.cookies.update(client.cookies)
        statuses.append(tab.post(url, {"step": 0, "reps": 10}, **headers).status_code)

    run_at_once(post, workers=4)

    assert len(statuses) == 4
    assert set(statuses) == ({200} if htmx else {303})
    assert SetLog.objects.filter(session=session).count() == 1
    session.refresh_from_db()
    assert session.position == 1
