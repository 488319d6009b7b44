"""`make audit`: Lighthouse 12 (mobile) on every public page, and with a signed-in session
cookie on history, progress and the player; prints the four category scores per page.

Signed in, Lighthouse drives a Chromium that holds the session cookie as a browser would
(started here with a debugging port): a cookie passed as an extra header reaches only some
requests, not the player's fetches nor its service worker's.

The app runs as in production (gunicorn, DEBUG off, whitenoise) on a fresh SQLite file,
over plain HTTP on localhost (a secure context for the browser), so the HTTPS redirect is
switched off for this run only.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import ROOT, ServerLog, database, free_port, manage, start_gunicorn

LIGHTHOUSE = ROOT / ".audit" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PUBLIC = [
    "/",
    "/learn/",
    "/exercises/",
    "/exercises/fire-hydrant/",
    "/routines/",
    "/workout/",
    "/accounts/login/",
    "/accounts/signup/",
    "/offline/",
]
SIGNED_IN = ["/history/", "/progress/", "PLAYER"]


def main() -> None:
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("hipdips: make audit needs Chromium (set CHROMIUM_PATH)")
    with tempfile.TemporaryDirectory() as folder, database(folder) as env:
        os.environ.update(env, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_BEHIND_PROXY="0")
        manage("migrate", "--no-input", "-v", "0")
        manage("collectstatic", "--no-input", "-v", "0")
        cookie, player = signed_in_fixtures()
        port = free_port()
        server = start_gunicorn(port, 2, ServerLog(folder))
        address = f"http://localhost:{port}"
        try:
            rows = []
            for path in PUBLIC + SIGNED_IN:
                signed_in = path in SIGNED_IN
                path = player if path == "PLAYER" else path
                with browser_with(chromium, cookie if signed_in else None, address) as debugging:
                    scores = lighthouse(address + path, chromium, debugging, folder)
                rows.append((path if not signed_in else f"{path} (signed in)", scores))
                print(
                    f"{rows[-1][0]:60} " + "  ".join(f"{c} {scores[c][0]:3d}" for c in CATEGORIES),
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=20)
    print("\nAudits below 1 (score, audit):")
    for page, scores in rows:
        for category in CATEGORIES:
            for audit in scores[category][1]:
                print(f"  {page}: {category}: {audit}")


def signed_in_fixtures() -> tuple[str, str]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from exercises.models import Routine
    from hipdips.models import User
    from sessions import actions, lifecycle

    call_command("demo_history", email="audit@example.com", years=1, verbosity=0)
    user = User.objects.get(email="audit@example.com")
    session = lifecycle.start_session(
        routine=Routine.objects.get(name="Full routine"), user=user, anonymous_ids=[]
    )
    actions.begin(session, step=0)
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value, f"/workout/{session.pk}/"


CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.contextmanager
def browser_with(chromium: str, cookie: str | None, address: str) -> Iterator[int | None]:
    """A signed-in Chromium for Lighthouse to drive, its debugging port; None signed out
    (Lighthouse starts its own)."""
    if cookie is None:
        yield None
        return
    from playwright.sync_api import sync_playwright

    port = free_port()
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            args=[*CHROME_FLAGS, f"--remote-debugging-port={port}"],
        )
        browser.add_cookies([{"name": "sessionid", "value": cookie, "url": address}])
        try:
            yield port
        finally:
            browser.close()


def lighthouse(url: str, chromium: str, debugging: int | None, folder: str) -> dict:
    out = Path(folder) / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if debugging is None:
        command.append("--chrome-flags=--headless=new " + " ".join(CHROME_FLAGS))
    else:
        # The browser's own, with its cookie: Lighthouse must not clear it.
        command += [f"--port={debugging}", "--disable-storage-reset"]
    for attempt in (1, 2):  # Lighthouse now and then fails to start Chrome: once more
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": chromium},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=180,
        )
        if result.returncode == 0:
            break
        if attempt == 2:
            raise SystemExit(f"lighthouse failed on {url}: {result.stderr.strip()[-300:]}")
    report = json.loads(out.read_text())
    scores = {}
    for category in CATEGORIES:
        data = report["categories"][category]
        below = []
        for ref in data["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                below.append(f"{audit['score']:.2f} {audit['title']}")
        scores[category] = (round((data["score"] or 0) * 100), below)
    return scores


if __name__ == "__main__":
    main()
