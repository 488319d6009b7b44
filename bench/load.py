"""`make bench`: throughput and latency under gunicorn with production settings, as ratios
to a floor measured in the same run (a bare Django view through the same middleware).

Workloads (each DURATION s after WARMUP s): the floor; public GETs (home, explainer,
exercise list, an exercise page) and signed-in GETs (history, progress of a user with five
years of daily workouts) with wrk; and the guided session: many signed-in virtual users
starting the Full routine and posting every Set done as fast as they can, rests skipped,
with a scripted client that reads each screen's CSRF token and step. Afterwards the sets
acknowledged are compared with the rows in SetLog. Prints a table; --json writes it too.
"""

import argparse
import http.client
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
TARGETS = {"floor": None, "public": 0.5, "signed-in": 0.25, "player": 0.25}
P99_LIMIT = 4.0  # a workload's p99 at most this many times the floor's
STEP = re.compile(rb'name="step" value="(\d+)"')
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
SCREEN = re.compile(rb'data-screen="(\w+)"')


def found[S: (str, bytes)](pattern: re.Pattern[S], text: S) -> re.Match[S]:
    """A match the benchmark relies on; without it the page or wrk's report is not what
    this script knows, and it stops saying so."""
    match = pattern.search(text)
    if match is None:
        raise RuntimeError(f"{pattern.pattern!r} not found in {text[:300]!r}")
    return match


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--flow-clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, database(folder) as env:
        os.environ.update(env)
        manage("migrate", "--no-input", "-v", "0")
        manage("collectstatic", "--no-input", "-v", "0")
        fixtures = prepare(args.flow_clients)
        port = free_port()
        server = start_gunicorn(port, args.workers)
        try:
            results = run_workloads(args, f"127.0.0.1:{port}", fixtures)
        finally:
            server.terminate()
            server.wait(timeout=20)
        results["integrity"] = check_rows(fixtures, results.pop("acknowledged"))
    report(results, args)


# The database: a fresh SQLite file, or a fresh database on DATABASE_URL's server.


class database:
    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.url = os.environ.get("DATABASE_URL", "")
        self.name = f"hipdips_bench_{os.getpid()}"
        # CREATE and DROP DATABASE run from the server's maintenance database.
        parts = urllib.parse.urlsplit(self.url)
        self.admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))

    def __enter__(self) -> dict:
        env = {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_BEHIND_PROXY": "1",  # requests say X-Forwarded-Proto: https
            "DJANGO_LOG_LEVEL": "WARNING",
            "AXES_FAILURE_LIMIT": "100000",
            "DJANGO_RATELIMIT_ENABLED": "0",  # every request comes from 127.0.0.1
        }
        if not self.url:
            env["DJANGO_SQLITE_PATH"] = str(Path(self.folder) / "bench.sqlite3")
            env["DATABASE_URL"] = ""
            return env
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        parts = urllib.parse.urlsplit(self.url)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
        return env

    def __exit__(self, *exc) -> None:
        if self.url:
            import psycopg
            from django.db import connections

            connections.close_all()
            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def manage(*args: str) -> None:
    subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=ROOT, check=True)


def prepare(flow_users: int) -> dict:
    """Users, their session cookies and a five-year history, made before any timing."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from exercises.models import Exercise, Routine
    from hipdips.models import User

    call_command("demo_history", email="history@example.com", years=5, verbosity=0)

    def cookie_for(email: str) -> str:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, "bench-password-123"
        )
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return {
        "history_cookie": cookie_for("history@example.com"),
        "flow_cookies": [cookie_for(f"flow{n}@example.com") for n in range(flow_users)],
        "routine": Routine.objects.get(name="Full routine", owner=None).pk,
        "exercise": Exercise.objects.get(slug="fire-hydrant").slug,
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "hipdips.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


# Workloads


def run_workloads(args, host: str, fixtures: dict) -> dict:
    history = f"sessionid={fixtures['history_cookie']}"
    gets = [
        ("floor", "floor", "/bench/floor", None),
        ("home", "public", "/", None),
        ("explainer", "public", "/learn/", None),
        ("exercise list", "public", "/exercises/", None),
        ("exercise page", "public", f"/exercises/{fixtures['exercise']}/", None),
        ("history (5 years)", "signed-in", "/history/", history),
        ("progress (5 years)", "signed-in", "/progress/", history),
    ]
    rows = []
    for name, kind, path, cookie in gets:
        print(f"  {name}...", file=sys.stderr, flush=True)
        wrk(host, path, cookie, args.clients, args.warmup)  # warm-up, not counted
        rows.append(
            {"workload": name, "kind": kind, **wrk(host, path, cookie, args.clients, args.duration)}
        )
    print("  guided session...", file=sys.stderr, flush=True)
    flow_rows, acknowledged, client_cpu = session_flow(host, fixtures, args)
    rows += flow_rows
    return {"rows": rows, "acknowledged": acknowledged, "client_cpu": client_cpu}


def wrk(host: str, path: str, cookie: str | None, clients: int, seconds: int) -> dict:
    headers = ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        headers += ["-H", f"Cookie: {cookie}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{clients}",
            f"-d{seconds}s",
            "--latency",
            *headers,
            f"http://{host}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    def latency(percent: str) -> float:
        value, unit = found(re.compile(rf"{percent}%\s+([\d.]+)(us|ms|s)"), output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests_per_s": float(found(re.compile(r"Requests/sec:\s+([\d.]+)"), output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(map(int, sockets.groups())) if sockets else 0),
        "client_cpu_percent": round(100 * cpu / seconds),
    }


class VirtualUser:
    """One signed-in person going through the Full routine again and again."""

    def __init__(self, host: str, cookie: str, routine: int) -> None:
        self.host, self.routine = host, routine
        self.cookies = {"sessionid": cookie}
        self.token = ""
        self.samples: dict[str, list[tuple[float, float, bool]]] = {}
        self.acknowledged = 0

    def request(self, method: str, path: str, fields: dict | None = None, htmx: bool = False):
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.host}/workout/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if fields is not None:
            body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx:
            headers["HX-Request"] = "true"
        connection = http.client.HTTPConnection(self.host, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        if match := CSRF.search(content):
            self.token = match.group(1).decode()
        return response.status, response.getheader("Location"), content

    def timed(self, action: str, method: str, path: str, fields=None, htmx=False):
        started = time.monotonic()
        status, location, content = self.request(method, path, fields, htmx)
        ok = status < 400
        self.samples.setdefault(action, []).append((started, time.monotonic() - started, ok))
        return status, location, content

    def run(self, deadline: float) -> None:
        self.request("GET", "/workout/")  # the CSRF cookie and token, before the clock
        content = b""
        session = ""
        while time.monotonic() < deadline:
            screen = SCREEN.search(content)
            kind = screen.group(1).decode() if screen else "complete"
            if kind == "complete" or not session:
                status, location, _ = self.timed(
                    "start", "POST", "/workout/", {"routine": self.routine, "replace": "on"}
                )
                if status != 303:
                    content = b""
                    continue
                session = urllib.parse.urlsplit(location).path
                _, _, content = self.request("GET", session)
                step = found(STEP, content).group(1).decode()
                _, _, content = self.timed(
                    "begin", "POST", f"{session}begin/", {"step": step}, htmx=True
                )
                continue
            step = found(STEP, content).group(1).decode()
            if kind == "set":
                status, _, content = self.timed(
                    "Set done", "POST", f"{session}done/", {"step": step, "reps": 12}, htmx=True
                )
                if status == 200 and b"That set was already logged." not in content:
                    self.acknowledged += 1
            elif kind in ("rest", "switch"):
                _, _, content = self.timed(
                    "Skip rest", "POST", f"{session}skip-rest/", {"step": step}, htmx=True
                )
            else:  # ready (after a resume): begin
                _, _, content = self.timed(
                    "begin", "POST", f"{session}begin/", {"step": step}, htmx=True
                )


def session_flow(host: str, fixtures: dict, args) -> tuple[list[dict], int, int]:
    users = [VirtualUser(host, cookie, fixtures["routine"]) for cookie in fixtures["flow_cookies"]]
    started = time.monotonic()
    counted_from = started + args.warmup
    deadline = counted_from + args.duration
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    threads = [threading.Thread(target=user.run, args=(deadline,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    client_cpu = round(100 * cpu / (time.monotonic() - started))

    rows = []
    every = []
    for action in ("start", "Set done", "Skip rest"):
        samples = [
            (seconds, ok)
            for user in users
            for begun, seconds, ok in user.samples.get(action, [])
            if counted_from <= begun < deadline
        ]
        every += samples
        rows.append(flow_row(f"player: {action}", samples, args.duration, client_cpu))
    all_actions = [
        (seconds, ok)
        for user in users
        for samples in user.samples.values()
        for begun, seconds, ok in samples
        if counted_from <= begun < deadline
    ]
    rows.insert(0, flow_row("guided session, all actions", all_actions, args.duration, client_cpu))
    return rows, sum(user.acknowledged for user in users), client_cpu


def flow_row(name: str, samples: list, seconds: int, client_cpu: int) -> dict:
    times = sorted(s * 1000 for s, _ in samples) or [0.0]
    return {
        "workload": name,
        "kind": "player",
        "requests_per_s": round(len(samples) / seconds, 1),
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
        "errors": sum(1 for _, ok in samples if not ok),
        "client_cpu_percent": client_cpu,
    }


def check_rows(fixtures: dict, acknowledged: int) -> dict:
    from sessions.models import SetLog

    rows = SetLog.objects.filter(session__owner__email__startswith="flow").count()
    return {
        "sets_acknowledged": acknowledged,
        "setlog_rows": rows,
        "lost": max(acknowledged - rows, 0),
        "duplicated": max(rows - acknowledged, 0),
    }


# The report


def report(results: dict, args) -> None:
    from django.db import connection

    rows = results["rows"]
    floor = next(row for row in rows if row["kind"] == "floor")
    for row in rows:
        row["ratio"] = round(row["requests_per_s"] / floor["requests_per_s"], 3)
        target = TARGETS[row["kind"]]
        row["target"] = f">= {target}x, p99 <= {P99_LIMIT:g}x floor" if target else "floor"
        row["meets_target"] = (
            None
            if target is None
            or not row["workload"].startswith(
                ("guided", "home", "explainer", "exercise", "history", "progress")
            )
            else row["ratio"] >= target and row["p99_ms"] <= P99_LIMIT * floor["p99_ms"]
        )
    print()
    print(
        f"database: {connection.vendor}; gunicorn {args.workers} sync workers; "
        f"{args.clients} clients (session flow: {args.flow_clients}); "
        f"{args.duration} s after {args.warmup} s warm-up"
    )
    header = (
        f"{'workload':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'ratio':>6} {'client cpu':>10}  target"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        verdict = {True: "met", False: "MISSED", None: ""}[row["meets_target"]]
        print(
            f"{row['workload']:30} {row['requests_per_s']:8.1f} {row['p50_ms']:8.2f} "
            f"{row['p99_ms']:8.2f} {row['errors']:6d} {row['ratio']:6.3f} "
            f"{row['client_cpu_percent']:9d}%  {row['target']} {verdict}"
        )
    integrity = results["integrity"]
    print(
        f"\nsets acknowledged {integrity['sets_acknowledged']}, rows in SetLog "
        f"{integrity['setlog_rows']}: lost {integrity['lost']}, "
        f"duplicated {integrity['duplicated']}"
    )
    if args.json:
        payload = {"database": connection.vendor, "workers": args.workers, **results}
        path = Path(args.json).with_suffix(f".{connection.vendor}.json")
        path.write_text(json.dumps(payload, indent=2))
        print(f"figures written to {path}")


if __name__ == "__main__":
    main()
