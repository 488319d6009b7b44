"""`bench/inprocess.py`: where a request's time goes, in one process, without HTTP.

Builds the benchmark's database (bench/load.py's fixtures), then calls Django's WSGI handler
with the production settings for each workload again and again: prints the mean time per
request beside the floors', and with --profile NAME the functions that NAME's requests
spend their time in (cProfile, sorted by cumulative or own time). Works on SQLite and, with
DATABASE_URL, on PostgreSQL.

    .venv/bin/python bench/inprocess.py [--repeat 2000] [--profile "start page"] [--sort tottime]
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import CSRF, VirtualUser, database, manage, prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--profile", metavar="NAME", action="append", default=[])
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--queries", action="store_true", help="print each workload's SQL")
    parser.add_argument("--only", default="", help="print only functions whose file matches")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, database(folder) as env:
        os.environ.update(env)
        manage("migrate", "--no-input", "-v", "0")
        manage("collectstatic", "--no-input", "-v", "0")
        fixtures = prepare(flow_users=1)
        from django.core.handlers.wsgi import WSGIHandler

        handler = WSGIHandler()
        for name, method, path, cookie, headers in workloads(fixtures):
            call = request_maker(handler, method, path, cookie, headers)
            for _ in range(50):
                call()
            started = time.perf_counter()
            for _ in range(args.repeat):
                call()
            micros = 1e6 * (time.perf_counter() - started) / args.repeat
            print(f"{name:26} {micros:8.0f} us", flush=True)
            if args.queries:
                print_queries(call)
            if name in args.profile:
                print_profile(call, args)
        player_actions(handler, fixtures, args)
        from django.db import connections

        connections.close_all()


def workloads(fixtures: dict) -> list[tuple[str, str, str, str, dict]]:
    history, one, checker = (
        fixtures["history_cookie"],
        fixtures["one_cookie"],
        fixtures["checker_cookie"],
    )
    unchanged = {"HTTP_IF_NONE_MATCH": f'"{fixtures["screen_version"]}"'}
    return [
        ("read floor", "GET", "/bench/floor", "", {}),
        ("signed-in floor", "GET", "/bench/signed-in-floor", one, {}),
        ("write floor", "POST", "/bench/write-floor", one, {}),
        ("home", "GET", "/", "", {}),
        ("explainer", "GET", "/learn/", "", {}),
        ("exercise list", "GET", "/exercises/", "", {}),
        ("exercise page", "GET", f"/exercises/{fixtures['exercise']}/", "", {}),
        ("home, signed in", "GET", "/", history, {}),
        ("start page", "GET", "/workout/", history, {}),
        ("routines", "GET", "/routines/", history, {}),
        ("history (5 years)", "GET", "/history/", history, {}),
        ("progress (5 years)", "GET", "/progress/", history, {}),
        ("player: screen check", "GET", fixtures["screen"], checker, unchanged),
    ]


def call_handler(handler, method: str, path: str, cookie: str, headers: dict, body=b""):
    """Django's answer to one request, as gunicorn would hand it over (behind a proxy)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
        **({"HTTP_COOKIE": cookie} if cookie else {}),
        **headers,
    }
    return handler(environ, lambda status, headers: None)


def request_maker(handler, method: str, path: str, cookie: str, headers: dict):
    cookie = f"sessionid={cookie}" if cookie else ""

    def call() -> None:
        response = call_handler(handler, method, path, cookie, headers)
        b"".join(response)
        response.close()
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {response.status_code}")

    return call


class InProcessUser(VirtualUser):
    """bench/load.py's virtual user, its requests handed to the WSGI handler directly."""

    def __init__(self, handler, cookie: str, routine: int) -> None:
        super().__init__("127.0.0.1", cookie, routine)
        self.handler = handler

    def request(self, method: str, path: str, fields: dict | None = None, htmx: bool = False):
        import urllib.parse

        body = b""
        environ = {"HTTP_REFERER": "https://127.0.0.1/workout/"}
        if fields is not None:
            fields = {**fields, "csrfmiddlewaretoken": self.token}
            body = urllib.parse.urlencode(fields).encode()
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        if htmx:
            environ["HTTP_HX_REQUEST"] = "true"
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = call_handler(self.handler, method, path, cookie, environ, body)
        for name, morsel in response.cookies.items():
            self.cookies[name] = morsel.value
        content = b"".join(response)
        response.close()
        if match := CSRF.search(content):
            self.token = match.group(1).decode()
        return response.status_code, response.get("Location"), content


def player_actions(handler, fixtures: dict, args) -> None:
    """The guided session of bench/load.py, one user at a time: each action's mean time."""
    user = InProcessUser(handler, fixtures["flow_cookies"][0], fixtures["routine"])
    user.get_going()
    user.samples.clear()
    profiler = cProfile.Profile() if "player" in args.profile else None
    if profiler:
        profiler.enable()
    user.run(time.monotonic() + args.repeat / 1000)
    if profiler:
        profiler.disable()
    if args.queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            user.run(time.monotonic() + 0.05)
        for query in queries:
            print(f"    {query['sql'][:150]}")
    for action, samples in sorted(user.samples.items()):
        micros = 1e6 * sum(seconds for _, seconds, _ in samples) / len(samples)
        print(f"player: {action:18} {micros:8.0f} us  ({len(samples)} requests)")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(args.sort)
        stats.print_stats(*[args.only] if args.only else [], args.lines)
        print(out.getvalue())


def print_queries(call) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    for query in queries:
        print(f"    {query['sql'][:150]}")


def print_profile(call, args) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(
        *[args.only] if args.only else [], args.lines
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()
