"""Chromium tests: Playwright drives the browser `make test` found (CHROMIUM_PATH)."""

import gzip
import os
import shutil
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

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

# What a page asked the server, counted in the page as each request starts: htmx requests
# (sent, and answered), and the screen checks static/js/sync.js makes with fetch. A test
# can so tell that nothing was asked, at once, instead of waiting to see if an answer comes.
COUNT_REQUESTS = """
window.__asked = { htmx: 0, answered: 0, checks: 0 };
document.addEventListener("htmx:beforeRequest", () => { window.__asked.htmx += 1; });
document.addEventListener("htmx:afterRequest", () => { window.__asked.answered += 1; });
const pageFetch = window.fetch;
window.fetch = function (resource, ...options) {
  if (String(resource).includes("/screen/")) window.__asked.checks += 1;
  return pageFetch.call(this, resource, ...options);
};
"""


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
    compressed: dict[str, int] = field(default_factory=dict)  # URL: its body, gzipped

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def first_load_bytes(self, page) -> int:
        """What the page in view costs a first visit, compressed: its document and every
        resource it used (the page's own list, so the last page's late answers do not count,
        and an asset the browser had cached still does)."""
        used = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        urls = {page.url.split("#")[0], *used}
        return sum(self.compressed.get(url, 0) + 200 for url in urls)  # 200: headers, roughly

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
        self.compressed[response.url] = len(gzip.compress(body))


@pytest.fixture
def watch(page, site) -> PageWatch:
    page.set_viewport_size(PHONE)
    page.add_init_script(COUNT_REQUESTS)
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


def asked(page) -> dict[str, int]:
    """What the page has asked so far (see COUNT_REQUESTS; pages of the watch fixture)."""
    return page.evaluate("window.__asked")


def wait_until(page, expression: str, timeout: float = 5.0) -> None:
    """Poll a JavaScript expression until it is true (wait_for_function evaluates through
    eval, which our Content-Security-Policy refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


# The player, as a person goes through it


def heading(page):
    return page.get_by_role("heading", level=1)


def wait_for_timer(page):
    """Until the screen's script has set it up (its countdown runs, its heading has focus):
    a clock jump or a key pressed before that would go astray."""
    page.wait_for_selector("#screen[data-offset]", state="attached")


def start_quick_routine(page, site):
    page.clock.install()
    page.goto(site + "/")
    page.get_by_role("link", name="Start workout").first.click()
    page.get_by_role("button", name="Start Quick routine").click()
    expect(heading(page)).to_have_text("Get ready")
    wait_for_timer(page)  # the player's script is running


def begin_quick_routine(page, site):
    """At the first squat set of the Quick routine, its screen set up."""
    start_quick_routine(page, site)
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("Squat")
    wait_for_timer(page)


def start_without_javascript(browser, site):
    """A browser with JavaScript off, at the Get ready screen of the Quick routine."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/workout/")
    page.get_by_role("button", name="Start Quick routine").click()
    return context, page


def do_sets_in_page(page, count: int | None = None, reps: str | None = None) -> None:
    """Press what each screen offers for `count` sets (all of them, to Workout complete,
    when None), skipping every rest before a set; with reps, type them into each set."""
    done = 0
    for _ in range(60):
        wait_for_timer(page)
        title = heading(page).inner_text()
        if title == "Workout complete" or done == count:
            break
        if title in ("Rest", "Switch sides"):
            press = page.get_by_role("button", name="Skip rest")
        else:
            press = page.get_by_role("button", name="Set done")
            if reps is not None:
                page.get_by_label("Reps").fill(reps)
                expect(page.get_by_label("Reps")).to_have_value(reps)
            done += 1
        # The heading may still be the one the caller's button just left (its answer on the
        # way): what counts is the button shown, and the next screen is a new version.
        expect(press).to_be_visible()
        version = page.locator("#screen").get_attribute("data-version")
        press.click()
        expect(page.locator("#screen")).not_to_have_attribute("data-version", version)
    wait_for_timer(page)  # set up, its heading focused: typing now goes where it should
    if count is None:
        expect(heading(page)).to_have_text("Workout complete")


def countdown_ends(page, seconds: int, then: str) -> None:
    """Let the rest or switch-sides countdown on screen run out; the next screen follows."""
    wait_for_timer(page)
    page.clock.fast_forward((seconds + 1) * 1000)
    expect(heading(page)).to_have_text(then)
