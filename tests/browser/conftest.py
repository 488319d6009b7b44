"""Chromium tests: Playwright drives the browser `make test` found (CHROMIUM_PATH)."""

import gzip
import os
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the ORM must still be usable here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 780}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if path:
        args["executable_path"] = path
    return args


@pytest.fixture
def site(live_server, builtin_rows) -> str:
    """The live server's address, with the rows the data migrations make."""
    return live_server.url


@dataclass
class PageWatch:
    """What a page did: console errors, the hosts it asked, and the bytes it moved."""

    origin: str
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    compressed_bytes: int = 0

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def reset_transfer(self) -> None:
        self.compressed_bytes = 0

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign.append(request.url)

    def _on_response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        self.compressed_bytes += len(gzip.compress(body)) + 200  # headers, roughly


@pytest.fixture
def watch(page, site) -> PageWatch:
    page.set_viewport_size(PHONE)
    watcher = PageWatch(origin=site)
    watcher.attach(page)
    return watcher


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def assert_accessible(axe: Axe, page) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


def log_in(page, site: str, email: str):
    """A new account, logged in through the form as a person would; returns the user."""
    from hipdips.models import User
    from tests.conftest import PASSWORD

    user = User.objects.create_user(email, PASSWORD)
    page.goto(site + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/")
    return user
