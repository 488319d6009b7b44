"""`make bench-scale`: one person's costs on a database of 10,000 people and about a million
sets, beside the same person's costs when they are alone in it; and the plan (EXPLAIN) of
every query those paths run on the big tables, each of which must use an index.

Runs in-process (Django's test client, server time only) on a throwaway SQLite file, or a
throwaway database on DATABASE_URL's server. Prints its figures; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import VERDICT, database, manage  # noqa: E402

BIG_TABLES = ("workouts_setlog", "workouts_workoutsession", "hipdips_user", "django_session")
WITHIN = 0.2  # a path may cost at most 20 % more among 10,000 people than alone
STEP = b'name="step" value="'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--sessions-each", type=int, default=3, help="about 32 sets each")
    parser.add_argument("--runs", type=int, default=30, help="requests per path and figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, database(folder) as env:
        os.environ.update(env)
        manage("migrate", "--no-input", "-v", "0")
        manage("collectstatic", "--no-input", "-v", "0")
        import django

        django.setup()
        from django.db import connection

        me = person("me@example.com", years=1)
        analyze()  # as a database in use would have its statistics, so would this one
        alone, _ = costs(me, args.runs)
        started = time.monotonic()
        sets = crowd(args.users, args.sessions_each)
        made = time.monotonic() - started
        analyze()
        crowded, queries = costs(me, args.runs)
        plans = query_plans(queries)
        print(
            f"\ndatabase: {connection.vendor}; {args.users:,} people, {sets:,} sets, "
            f"made in {made:.0f} s; median server time of {args.runs} requests"
        )
        print(f"{'path':28} {'alone ms':>9} {'crowd ms':>9} {'ratio':>6}  target <= {1 + WITHIN}x")
        for path in alone:
            ratio = crowded[path] / alone[path]
            verdict = VERDICT[ratio <= 1 + WITHIN]
            print(f"{path:28} {alone[path]:9.2f} {crowded[path]:9.2f} {ratio:6.2f}  {verdict}")
        scans = [plan for plan in plans if plan["scan"]]
        print(f"\n{len(plans)} queries on the big tables; {len(scans)} without an index")
        for plan in plans:
            flag = "SCAN" if plan["scan"] else "index"
            print(f"  [{flag}] {plan['paths']}: {plan['sql'][:110]}")
            if plan["scan"]:
                print("         " + " | ".join(plan["plan"]))
        connection.close()


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def person(email: str, *, years: int):
    from django.core.management import call_command

    from hipdips.models import User

    call_command("demo_history", email=email, years=years, verbosity=0)
    return User.objects.get(email=email)


def crowd(users: int, sessions_each: int) -> int:
    """Everyone else: users with a few Full routines each, in bulk (minutes, not hours)."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from hipdips.models import User
    from sessions.management.commands.demo_history import finished_workouts

    password = make_password("bench-password-123")
    now = timezone.now()
    total = 0
    for first in range(0, users, 1000):
        with transaction.atomic():
            people = User.objects.bulk_create(
                User(email=f"person{n}@example.com", password=password)
                for n in range(first, min(first + 1000, users))
            )
            starts = (
                (someone, now - timedelta(days=3 * number + 1, minutes=index))
                for index, someone in enumerate(people)
                for number in range(sessions_each)
            )
            total += finished_workouts(starts, reps=lambda item: 10)[1]
            # Everyone signed in somewhere: the login sessions' table is as big as theirs.
            Session.objects.bulk_create(
                Session(
                    session_key=f"crowd{someone.pk:035d}",
                    session_data=SessionStore().encode({"_auth_user_id": str(someone.pk)}),
                    expire_date=now + timedelta(days=30),
                )
                for someone in people
            )
        print(f"  {first + len(people):,} people...", file=sys.stderr, flush=True)
    return total


def costs(user, runs: int) -> tuple[dict[str, float], dict[str, list]]:
    """The median server time of each path for this person, and the queries each ran."""
    from django.db import connection
    from django.test import Client

    from exercises.models import Routine

    browser = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    browser.force_login(user)
    routine = Routine.objects.get(name="Full routine", owner=None).pk
    timings: dict[str, list[float]] = {}
    queries: dict[str, list] = {}

    def timed(name: str, url: str, data: dict | None = None, *, htmx: bool = True):
        seen: list = []

        def record(execute, sql, params, many, context):
            seen.append((sql, params))
            return execute(sql, params, many, context)

        headers = {"HX-Request": "true"} if htmx else {}
        started = time.perf_counter()
        with connection.execute_wrapper(record):
            if data is None:
                response = browser.get(url, headers=headers)
            else:
                response = browser.post(url, data, headers=headers)
        timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        queries.setdefault(name, seen)
        return response

    for _ in range(runs):
        for page in ("/", "/workout/", "/history/", "/progress/", "/routines/"):
            timed(f"GET {page}", page, htmx=False)
        start = timed("start", "/workout/", {"routine": routine, "replace": "on"}, htmx=False)
        player = start["Location"]
        html = browser.get(player).content
        step = int(html.split(STEP, 1)[1].split(b'"', 1)[0])
        timed("begin", f"{player}begin/", {"step": step})
        timed("screen check", f"{player}screen/")
        timed("Set done", f"{player}done/", {"step": step, "reps": 12})
        timed("Skip rest", f"{player}skip-rest/", {"step": step + 1})
    return {path: statistics.median(times) for path, times in timings.items()}, queries


def query_plans(queries: dict[str, list]) -> list[dict]:
    """EXPLAIN each distinct query that reads a big table, once, with the paths that ran it."""
    from django.db import connection

    distinct: dict[str, dict] = {}
    for path, seen in queries.items():
        for sql, params in seen:
            if not sql.lstrip().upper().startswith("SELECT") or not any(
                f'"{table}"' in sql for table in BIG_TABLES
            ):
                continue
            entry = distinct.setdefault(sql, {"sql": sql, "params": params, "paths": []})
            entry["paths"].append(path)
    plans = []
    with connection.cursor() as cursor:
        for entry in distinct.values():
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + entry["sql"], entry["params"])
                lines = [row[-1] for row in cursor.fetchall()]
                scan = any(
                    line.startswith(f"SCAN {table}") for line in lines for table in BIG_TABLES
                )
            else:
                cursor.execute("EXPLAIN " + entry["sql"], entry["params"])
                lines = [row[0].strip() for row in cursor.fetchall()]
                scan = any(f"Seq Scan on {table}" in line for line in lines for table in BIG_TABLES)
            plans.append(
                {
                    "sql": entry["sql"],
                    "paths": ", ".join(sorted(set(entry["paths"]))),
                    "plan": lines,
                    "scan": scan,
                }
            )
    return plans


if __name__ == "__main__":
    main()
