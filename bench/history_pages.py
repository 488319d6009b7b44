"""Server time of /history/ and /progress/ for a user with five years of daily workouts.

Run: .venv/bin/python bench/history_pages.py  (a throwaway SQLite file, or a throwaway
database on DATABASE_URL's server). Prints the median of 20 requests per page and the SQL
queries each page ran; asserts nothing.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.testdb import run_with_test_database

RUNS = 20
PAGES = [
    "/history/",
    "/history/?page=50",
    "/progress/",
    "/progress/?range=1y",
    "/progress/?range=all",
    "/workout/",
]


def run() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hipdips.models import User
    from sessions.models import SetLog, WorkoutSession

    started = time.perf_counter()
    call_command("demo_history", email="bench@example.com", years=5, verbosity=0)
    print(
        f"database: {connection.vendor}; demo history made in "
        f"{time.perf_counter() - started:.1f} s: {WorkoutSession.objects.count()} workouts, "
        f"{SetLog.objects.count()} sets"
    )
    client = Client()
    client.force_login(User.objects.get(email="bench@example.com"))
    for url in PAGES:
        client.get(url)  # warm-up
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"  {url:24} median {statistics.median(timings):6.1f} ms   "
            f"max {max(timings):6.1f} ms   {len(queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    run_with_test_database(run)
