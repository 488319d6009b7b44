"""The player as production serves it: collectstatic with the real storage (hashed names,
the modules' imports rewritten), gunicorn and whitenoise, DEBUG off. The rest of the suite
runs on unhashed names, so a broken import would only show here."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageWatch

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

SESSION_SCRIPT = """
import json
import django
django.setup()
from django.test import Client
from exercises.models import Routine
from hipdips.models import User
from sessions import actions, lifecycle

user = User.objects.create_user("production@example.com", "a-long-password-4242")
session = lifecycle.start_session(
    routine=Routine.objects.get(name="Quick routine", owner=None), user=user, anonymous_ids=[]
)
actions.begin(session, step=0)
client = Client()
client.force_login(user)
print(json.dumps({"cookie": client.cookies["sessionid"].value, "session": str(session.pk)}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hipdips.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "production-build-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "",
        "DJANGO_SQLITE_PATH": str(folder / "db.sqlite3"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def manage(*args: str) -> str:
        done = subprocess.run(
            [PYTHON, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    manage("manage.py", "migrate", "--no-input", "-v", "0")
    manage("manage.py", "collectstatic", "--no-input", "-v", "0")
    made = json.loads(manage("-c", SESSION_SCRIPT).strip().splitlines()[-1])
    port = free_port()
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "hipdips.wsgi", "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
        cwd=ROOT,
        env=env,
    )
    address = f"http://localhost:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(address + "/healthz", timeout=1)
            break
        except OSError:
            assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
            time.sleep(0.2)
    yield {"address": address, **made}
    server.terminate()
    server.wait(timeout=20)


def test_the_player_loads_from_hashed_static_files_without_a_404_or_an_error(browser, production):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": "sessionid", "value": production["cookie"], "url": production["address"]}]
    )
    page = context.new_page()
    watch = PageWatch(origin=production["address"])
    watch.attach(page)
    scripts = []
    page.on("response", lambda r: scripts.append(r.url) if r.url.endswith(".js") else None)
    page.goto(f"{production['address']}/workout/{production['session']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Squat")
    # The modules ran: the screen is set up, and Pace me (JavaScript only) is shown.
    page.wait_for_selector("#screen[data-offset]", state="attached")
    expect(page.get_by_role("button", name="Pace me")).to_be_visible()
    modules = [url for url in scripts if "/static/js/" in url]
    assert len(modules) >= 10, modules
    assert all(url.rsplit("/", 1)[1].count(".") == 2 for url in modules), modules  # name.hash.js
    assert not watch.errors, watch.errors
    context.close()


def test_the_worker_keeps_the_hashed_files_production_serves(browser, production):
    script = urllib.request.urlopen(production["address"] + "/sw.js").read().decode()
    config = json.loads(script.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["debug"] is False
    ours = [asset for asset in config["assets"] if "/static/js/" in asset or "/css/" in asset]
    assert ours and all(asset.rsplit("/", 1)[1].count(".") == 2 for asset in ours), ours
    for url in config["assets"] + config["pages"]:
        assert urllib.request.urlopen(production["address"] + url).status == 200, url
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(origin=production["address"])
    watch.attach(page)
    page.goto(production["address"] + "/learn/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    kept = page.evaluate(
        "caches.keys().then((names) => caches.open(names.find((n) => n.includes('shell'))))"
        ".then((cache) => cache.keys()).then((requests) => requests.length)"
    )
    assert kept == len(config["assets"]) + len(config["pages"])
    assert not watch.errors, watch.errors
    context.close()
