"""Server time and SQL queries of one Set done: the median of 100, through Django's test client.

Run: .venv/bin/python bench/set_done.py  (uses a throwaway SQLite file, or DATABASE_URL's
server with a throwaway database). Prints the figures; asserts nothing.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.testdb import run_with_test_database

SETS = 100


def run() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from exercises.models import Exercise, Routine, RoutineItem
    from hipdips.models import User

    user = User.objects.create_user("bench@example.com", "bench-password-123")
    routine = Routine.objects.create(owner=user, name="Bench: 100 sets")
    # Ten items of ten sets with no rest: every Set done leads straight to the next set.
    squat = Exercise.objects.get(slug="squat")
    for position in range(10):
        RoutineItem.objects.create(
            routine=routine, position=position, exercise=squat, sets=10, rest_seconds=0
        )
    client = Client()
    client.force_login(user)
    client.post(reverse("workouts:start"), {"routine": routine.pk})
    from sessions.models import WorkoutSession

    session = WorkoutSession.objects.get()
    client.post(reverse("workouts:begin", args=[session.pk]), {"step": 0})
    url = reverse("workouts:set_done", args=[session.pk])

    timings, queries = [], []
    for step in range(SETS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, {"step": step, "reps": 11}, HTTP_HX_REQUEST="true")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(captured.captured_queries))

    print(f"database: {connection.vendor}")
    print(f"Set done (htmx), {SETS} posts by a signed-in user:")
    print(
        f"  server time  median {statistics.median(timings):.2f} ms, "
        f"p90 {statistics.quantiles(timings, n=10)[-1]:.2f} ms, max {max(timings):.2f} ms"
    )
    print(f"  SQL queries  median {statistics.median(queries):.0f}, max {max(queries)}")
    print("  last request's queries:")
    for query in captured.captured_queries:
        print("   ", query["sql"][:110])


if __name__ == "__main__":
    run_with_test_database(run)
