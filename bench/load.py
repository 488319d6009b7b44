"""`make bench`: throughput and latency under gunicorn with production settings, as ratios
to three floors measured in the same run (bare Django views through the same middleware:
a constant; a constant for a signed-in person; one compare-and-set UPDATE and one INSERT).

Workloads (each DURATION s after WARMUP s): the floors; public GETs (home, explainer,
exercise list, an exercise page) and signed-in GETs (home, the start page, routines, history
and progress of a user with five years of daily workouts and of one with a single session,
the player's screen check) with wrk; and the guided session: signed-in virtual users, each
with a workout already going (spread over the routine, so that they do not all end and start
again at once; --in-step puts them all at its first set), posting every Set done and Skip
rest as fast as they can, with a scripted client that reads each screen's CSRF token and step.
The whole flow is judged by its rate; each action in it by its mean time in the server
(gunicorn's access log) beside its floor's, since in a mix an action's own rate only says how
often it came up. Afterwards the sets acknowledged are compared with the rows in SetLog.
Prints a table; --json writes it.
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
# kind: (the floor it is held to, the share of that floor's requests per second it must reach)
TARGETS = {
    "public": ("read floor", 0.6),
    "signed-in": ("signed-in floor", 0.5),
    "check": ("signed-in floor", 0.5),
    "player": ("write floor", 0.5),
    "flow": ("write floor", 0.5),
}
P99_LIMIT = 3.0  # a workload's p99 at most this many times its floor's
VERDICT = {True: "MET", False: "MISSED", None: ""}
FLAT_WITHIN = 0.2  # a page for five years of history costs at most 20 % more than for one
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
    parser.add_argument("--flow-clients", type=int, default=20)
    parser.add_argument(
        "--in-step",
        action="store_true",
        help="start every virtual user at the routine's first set at the same moment",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, database(folder) as env:
        os.environ.update(env)
        manage("migrate", "--no-input", "-v", "0")
        manage("collectstatic", "--no-input", "-v", "0")
        fixtures = prepare(args.flow_clients)
        port = free_port()
        log = ServerLog(folder)
        server = start_gunicorn(port, args.workers, log)
        try:
            results = run_workloads(args, f"127.0.0.1:{port}", fixtures, log)
        finally:
            server.terminate()
            server.wait(timeout=20)
        results["integrity"] = check_rows(fixtures, results.pop("acknowledged"))
        results["first_loads"], results["screens"] = weigh(fixtures)
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

    from exercises.plans import plan_for
    from sessions import actions, lifecycle
    from sessions.steps import plan_steps

    full = Routine.objects.get(name="Full routine", owner=None)
    one = User.objects.create_user("one@example.com", "bench-password-123")
    done = lifecycle.start_session(routine=full, user=one, anonymous_ids=[])
    actions.begin(done, step=0)
    actions.log_set(done, step=0, reps=12)
    lifecycle.end_session(done)
    checker = User.objects.create_user("checker@example.com", "bench-password-123")
    open_session = lifecycle.start_session(routine=full, user=checker, anonymous_ids=[])
    actions.begin(open_session, step=0)
    return {
        "history_cookie": cookie_for("history@example.com"),
        "one_cookie": cookie_for("one@example.com"),
        "checker_cookie": cookie_for("checker@example.com"),
        "screen": f"/workout/{open_session.pk}/screen/",
        "screen_version": open_session.version,
        "flow_cookies": [cookie_for(f"flow{n}@example.com") for n in range(flow_users)],
        "routine": full.pk,
        # A Set done for each step and a Skip rest between each two.
        "routine_actions": 2 * len(plan_steps(plan_for(full))) - 1,
        "exercise": Exercise.objects.get(slug="fire-hydrant").slug,
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerLog:
    """gunicorn's access log with each request's time in the worker, from accept to the
    last byte written: what a request costs the server, whatever the client does."""

    FORMAT = "%(m)s %(U)s %(s)s %(L)s"

    def __init__(self, folder: str) -> None:
        self.path = Path(folder) / "access.log"
        self.path.touch()

    def mark(self) -> int:
        return self.path.stat().st_size

    def since(self, mark: int, until: int | None = None) -> list[tuple[str, str, float]]:
        """(method, path, seconds) of the requests logged between two marks."""
        with self.path.open("rb") as log:
            log.seek(mark)
            text = log.read(None if until is None else until - mark).decode()
        lines = [line.split() for line in text.splitlines()]
        return [(m, path, float(seconds)) for m, path, _, seconds in lines]


def server_ms(requests: list[tuple[str, str, float]], pattern: str = "") -> float:
    """The mean time in the server of the requests whose "METHOD path" matches pattern."""
    times = [
        seconds for method, path, seconds in requests if re.search(pattern, f"{method} {path}")
    ]
    return round(1000 * statistics.fmean(times), 3) if times else 0.0


def start_gunicorn(port: int, workers: int, log: ServerLog) -> subprocess.Popen:
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
            "--access-logfile",
            str(log.path),
            "--access-logformat",
            ServerLog.FORMAT,
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


# Each workload: (name, kind, method, path, cookies, extra headers). A kind says which floor
# the workload is held to and how close it must come (TARGETS).
FLOORS = ("read floor", "signed-in floor", "write floor")


def run_workloads(args, host: str, fixtures: dict, log: ServerLog) -> dict:
    history, one = [fixtures["history_cookie"]], [fixtures["one_cookie"]]
    unchanged = {"If-None-Match": f'"{fixtures["screen_version"]}"'}
    gets = [
        ("read floor", "floor", "GET", "/bench/floor", [], {}),
        ("signed-in floor", "floor", "GET", "/bench/signed-in-floor", one, {}),
        ("write floor", "floor", "POST", "/bench/write-floor", fixtures["flow_cookies"], {}),
        ("home", "public", "GET", "/", [], {}),
        ("explainer", "public", "GET", "/learn/", [], {}),
        ("exercise list", "public", "GET", "/exercises/", [], {}),
        ("exercise page", "public", "GET", f"/exercises/{fixtures['exercise']}/", [], {}),
        ("home, signed in (5 years)", "signed-in", "GET", "/", history, {}),
        ("home, signed in (1 session)", "signed-in", "GET", "/", one, {}),
        ("start page (5 years)", "signed-in", "GET", "/workout/", history, {}),
        ("start page (1 session)", "signed-in", "GET", "/workout/", one, {}),
        ("routines (5 years)", "signed-in", "GET", "/routines/", history, {}),
        ("routines (1 session)", "signed-in", "GET", "/routines/", one, {}),
        ("history (5 years)", "signed-in", "GET", "/history/", history, {}),
        ("history (1 session)", "signed-in", "GET", "/history/", one, {}),
        ("progress (5 years)", "signed-in", "GET", "/progress/", history, {}),
        ("progress (1 session)", "signed-in", "GET", "/progress/", one, {}),
        (
            "player: screen check",
            "check",
            "GET",
            fixtures["screen"],
            [fixtures["checker_cookie"]],
            unchanged,
        ),
    ]
    rows = []
    for name, kind, method, path, cookies, headers in gets:
        print(f"  {name}...", file=sys.stderr, flush=True)
        load = (host, method, path, cookies, headers, args.clients)
        wrk(*load, seconds=args.warmup)  # warm-up, not counted
        mark = log.mark()
        row = {"workload": name, "kind": kind, **wrk(*load, seconds=args.duration)}
        rows.append({**row, "server_ms": server_ms(log.since(mark))})
    print("  guided session...", file=sys.stderr, flush=True)
    flow_rows, acknowledged, client_cpu = session_flow(host, fixtures, args, log)
    rows += flow_rows
    print("  player actions, 5 years and 1 session...", file=sys.stderr, flush=True)
    actions = actions_by_history(host, fixtures, args, log)
    return {
        "rows": rows,
        "acknowledged": acknowledged,
        "client_cpu": client_cpu,
        "actions_by_history": actions,
    }


# wrk sends every request with the next cookie of the list, so a write floor's rows and
# locks are spread over many people, as the guided session's are.
WRK_SCRIPT = """
local cookies = {%(cookies)s}
local counter = 0
unexpected = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  if #cookies > 0 then
    headers["Cookie"] = "sessionid=" .. cookies[(counter %% #cookies) + 1]
  end
  return wrk.format("%(method)s", nil, headers, nil)
end

function response(status, headers, body)
  if status ~= %(status)d then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
  end
  io.write("Unexpected statuses: " .. total .. "\\n")
end
"""


def wrk(
    host: str,
    method: str,
    path: str,
    cookies: list[str],
    headers: dict[str, str],
    clients: int,
    *,
    seconds: int,
) -> dict:
    options = ["-H", "X-Forwarded-Proto: https"]
    for name, value in headers.items():
        options += ["-H", f"{name}: {value}"]
    script = WRK_SCRIPT % {
        "cookies": ", ".join(json.dumps(cookie) for cookie in cookies),
        "method": method,
        "status": 304 if "If-None-Match" in headers else 200,
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{clients}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                lua.name,
                *options,
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

    # Any answer but the one the workload is about (a redirect to log in, a 403) is an
    # error: wrk itself counts 3xx as successes.
    errors = re.search(r"Unexpected statuses: (\d+)", output)
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
        self.session, self.content = "", b""
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

    def get_going(self, ahead: int = 0) -> None:
        """The CSRF cookie and token, and a workout `ahead` actions past its first set: before
        the clock (its samples fall before the counted seconds)."""
        self.request("GET", "/workout/")
        self.session, self.content = self.start_workout()
        for _ in range(ahead):
            self.act()

    def start_workout(self) -> tuple[str, bytes]:
        """Start the routine, load its page, press Begin: the session's path and screen."""
        status, location, _ = self.timed(
            "start", "POST", "/workout/", {"routine": self.routine, "replace": "on"}
        )
        if status != 303:
            return "", b""
        session = urllib.parse.urlsplit(location).path
        _, _, content = self.request("GET", session)
        step = found(STEP, content).group(1).decode()
        _, _, content = self.timed("begin", "POST", f"{session}begin/", {"step": step}, htmx=True)
        return session, content

    def run(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            self.act()

    def act(self) -> None:
        """The next thing a person does on the screen shown."""
        session, content = self.session, self.content
        screen = SCREEN.search(content)
        kind = screen.group(1).decode() if screen else "complete"
        if kind == "complete" or not session:
            self.session, self.content = self.start_workout()
            return
        step = found(STEP, content).group(1).decode()
        if kind == "set":
            status, _, self.content = self.timed(
                "Set done", "POST", f"{session}done/", {"step": step, "reps": 12}, htmx=True
            )
            if status == 200 and b"That set was already logged." not in self.content:
                self.acknowledged += 1
        elif kind in ("rest", "switch"):
            _, _, self.content = self.timed(
                "Skip rest", "POST", f"{session}skip-rest/", {"step": step}, htmx=True
            )
        else:  # ready (after a resume): begin
            _, _, self.content = self.timed(
                "begin", "POST", f"{session}begin/", {"step": step}, htmx=True
            )


# Each action's address, to find its requests in the server's log.
ACTION_PATHS = {
    "start": r"^POST /workout/$",
    "Set done": r"^POST .*/done/$",
    "Skip rest": r"^POST .*/skip-rest/$",
}


def session_flow(host: str, fixtures: dict, args, log: ServerLog) -> tuple[list[dict], int, int]:
    users = [VirtualUser(host, cookie, fixtures["routine"]) for cookie in fixtures["flow_cookies"]]
    # Everyone has a workout going before the clock starts, so the counted seconds are the
    # actions', not fifty first page loads (each start is timed when a routine ends). People
    # who train at the same hour are not all at the same set: each is as far into the routine
    # as their place in the list says. Started in step, the twenty would end their workouts
    # within 0.1 s of each other, and every start would queue behind nineteen others.
    actions = 0 if args.in_step else fixtures["routine_actions"]
    getting_going = [
        threading.Thread(target=user.get_going, args=(place * actions // len(users),))
        for place, user in enumerate(users)
    ]
    for thread in getting_going:
        thread.start()
    for thread in getting_going:
        thread.join()
    started = time.monotonic()
    counted_from = started + args.warmup
    deadline = counted_from + args.duration
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    threads = [threading.Thread(target=user.run, args=(deadline,)) for user in users]
    for thread in threads:
        thread.start()
    time.sleep(max(counted_from - time.monotonic(), 0))
    mark = log.mark()
    time.sleep(max(deadline - time.monotonic(), 0))
    counted = log.since(mark, log.mark())
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
        row = flow_row(f"player: {action}", "player", samples, args.duration, client_cpu)
        rows.append({**row, "server_ms": server_ms(counted, ACTION_PATHS[action])})
    all_actions = [
        (seconds, ok)
        for user in users
        for samples in user.samples.values()
        for begun, seconds, ok in samples
        if counted_from <= begun < deadline
    ]
    whole = flow_row("guided session, all actions", "flow", all_actions, args.duration, client_cpu)
    rows.insert(0, {**whole, "server_ms": server_ms(counted)})
    return rows, sum(user.acknowledged for user in users), client_cpu


def actions_by_history(host: str, fixtures: dict, args, log: ServerLog) -> dict[str, dict]:
    """Each player action's mean time in the server for the person with five years of
    workouts and for the one with a single session: one at a time, so that neither waits
    for the other's writes."""
    figures: dict[str, dict] = {}
    for history, cookie in (("5 years", "history_cookie"), ("1 session", "one_cookie")):
        user = VirtualUser(host, fixtures[cookie], fixtures["routine"])
        user.get_going()
        mark = log.mark()
        user.run(time.monotonic() + args.duration / 2)
        counted = log.since(mark)
        for action, pattern in ACTION_PATHS.items():
            figures.setdefault(action, {})[history] = server_ms(counted, pattern)
    return figures


def flow_row(name: str, kind: str, samples: list, seconds: int, client_cpu: int) -> dict:
    times = sorted(s * 1000 for s, _ in samples) or [0.0]
    return {
        "workload": name,
        "kind": kind,
        "requests_per_s": round(len(samples) / seconds, 1),
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
        "errors": sum(1 for _, ok in samples if not ok),
        "client_cpu_percent": client_cpu,
    }


def weigh(fixtures: dict) -> tuple[list[dict], list[dict]]:
    from bench import weight
    from hipdips.models import User

    history = User.objects.get(email="history@example.com")
    person = User.objects.create_user("weigher@example.com", "bench-password-123")
    return weight.page_loads(history), weight.screen_sizes(person, fixtures["routine"])


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
    floors = {row["workload"]: row for row in rows if row["kind"] == "floor"}
    for row in rows:
        judge(row, floors, args.workers)
    results["flat"] = flat_in_history(rows, results.pop("actions_by_history"))
    print()
    print(
        f"database: {connection.vendor}; gunicorn {args.workers} sync workers; "
        f"{args.clients} clients (session flow: {args.flow_clients}, "
        f"{'in step' if args.in_step else 'spread over the routine'}); "
        f"{args.duration} s after {args.warmup} s warm-up"
    )
    header = (
        f"{'workload':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'server ms':>9} "
        f"{'errors':>6} {'ratio':>6} {'client cpu':>10}  target"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        verdict = VERDICT[row["meets_target"]]
        print(
            f"{row['workload']:30} {row['requests_per_s']:8.1f} {row['p50_ms']:8.2f} "
            f"{row['p99_ms']:8.2f} {row['server_ms']:9.2f} {row['errors']:6d} {row['ratio']:6.3f} "
            f"{row['client_cpu_percent']:9d}%  {row['target']} {verdict}"
        )
    print()
    for line in results["flat"]:
        verdict = VERDICT[line["meets_target"]]
        unit = "req/s" if line["unit"] == "req/s" else "ms in the server"
        print(
            f"{line['page']}: 5 years {line['history']:.2f} {unit}, 1 session "
            f"{line['single']:.2f} ({line['cost_ratio']:.2f}x the cost; "
            f"target <= {1 + FLAT_WITHIN:.1f}x) {verdict}"
        )
    print(f"\n{'first load (compressed)':44} {'html':>8} {'all':>8}  target < 60 KB")
    for line in results["first_loads"]:
        verdict = VERDICT[line["meets_target"]]
        print(
            f"{line['page']:44} {line['html_bytes'] / 1024:6.1f}KB "
            f"{line['first_load_bytes'] / 1024:6.1f}KB  {verdict}"
        )
    print(f"\n{'player screen':12} {'page':>9} {'compressed':>11} {'partial':>9}  target < 10 KB")
    for line in results["screens"]:
        verdict = VERDICT[line["meets_target"]]
        print(
            f"{line['screen']:12} {line['page_bytes'] / 1024:7.1f}KB "
            f"{line['page_compressed'] / 1024:9.1f}KB {line['partial_compressed'] / 1024:7.1f}KB"
            f"  {verdict}"
        )
    integrity = results["integrity"]
    print(
        f"\nsets acknowledged {integrity['sets_acknowledged']}, rows in SetLog "
        f"{integrity['setlog_rows']}: lost {integrity['lost']}, "
        f"duplicated {integrity['duplicated']}"
    )
    if args.json:
        payload = {
            "database": connection.vendor,
            "workers": args.workers,
            "flow_in_step": args.in_step,
            **results,
        }
        path = Path(args.json).with_suffix(f".{connection.vendor}.json")
        path.write_text(json.dumps(payload, indent=2))
        print(f"figures written to {path}")


def judge(row: dict, floors: dict, workers: int) -> None:
    """The row's ratio to its own floor, and whether it meets its target (floors: None)."""
    if row["kind"] == "floor" or not row["requests_per_s"] or not row["server_ms"]:
        # A floor; or an action the run gave no time to happen (Start, once per routine).
        row.update(ratio=1.0 if row["kind"] == "floor" else 0.0, meets_target=None)
        row["target"] = "floor" if row["kind"] == "floor" else "not measured in this run"
        return
    floor_name, share = TARGETS[row["kind"]]
    floor = floors[floor_name]
    if row["kind"] == "player":
        # One action of the mixed flow: the flow's rate per action only says how often it
        # came up. Its rate alone is the workers' time over its cost: its time in the server
        # plus what each request costs around that (accepting, parsing, closing), which
        # the floor's run shows as the workers' time per request less its server time.
        per_request = workers / floor["requests_per_s"]
        around = max(per_request - floor["server_ms"] / 1000, 0.0)
        row["mixed_requests_per_s"] = row["requests_per_s"]
        row["requests_per_s"] = round(workers / (row["server_ms"] / 1000 + around), 1)
    row["ratio"] = round(row["requests_per_s"] / floor["requests_per_s"], 3)
    row["target"] = f">= {share}x {floor_name}, p99 <= {P99_LIMIT:g}x its"
    # The guided session's rows per action are reported; the whole flow is judged by them.
    row["meets_target"] = (
        row["ratio"] >= share
        and row["p99_ms"] <= P99_LIMIT * floor["p99_ms"]
        and row["errors"] == 0
    )


def flat_in_history(rows: list[dict], actions: dict[str, dict]) -> list[dict]:
    """Each signed-in page measured for five years of history and for one session, and
    each player action: the cost (time per request, the inverse of requests per second;
    an action's mean time in the server) may grow by FLAT_WITHIN at most."""
    pairs = {}
    for row in rows:
        if row["workload"].endswith(" (5 years)"):
            page = row["workload"].removesuffix(" (5 years)")
            short = next(r for r in rows if r["workload"] == f"{page} (1 session)")
            pairs[page] = (1 / row["requests_per_s"], 1 / short["requests_per_s"], "req/s")
    for action, by_history in actions.items():
        pairs[f"player: {action}"] = (by_history["5 years"], by_history["1 session"], "ms")
    lines = []
    for name, (long, short, unit) in pairs.items():
        cost = long / short if short else 0.0
        shown = (1 / long, 1 / short) if unit == "req/s" else (long, short)
        lines.append(
            {
                "page": name,
                "unit": unit,
                "history": round(shown[0], 3),
                "single": round(shown[1], 3),
                "cost_ratio": round(cost, 3),
                "meets_target": 0 < cost <= 1 + FLAT_WITHIN,
            }
        )
    return lines


if __name__ == "__main__":
    main()
