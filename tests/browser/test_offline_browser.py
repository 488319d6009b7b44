"""Offline, in Chromium: the app installable, a workout that goes on without a connection
(through a reload) and reaches the history once back online, and private pages that the
service worker never keeps. Offline is Playwright's (the context's network cut)."""

import csv
import io
import time

from django.utils import timezone
from playwright.sync_api import expect

from sessions import actions, lifecycle
from sessions.models import SetLog, WorkoutSession
from tests.browser.conftest import (
    PageWatch,
    assert_accessible,
    assert_fits_phone,
    heading,
    log_in,
    wait_for_timer,
    wait_until,
)

CONTROLLED = "!!navigator.serviceWorker.controller"
READY = f"{CONTROLLED} && document.documentElement.hasAttribute('data-offline-ready')"
KEPT_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(name + " " + new URL(request.url).pathname);
  }
  return urls;
}"""
KEPT_WORKOUT_PAGES = (
    "caches.open('hipdips-player').then((cache) => cache.keys())"
    ".then((requests) => requests.map((request) => new URL(request.url).pathname))"
)
# Chromium reports each request that finds no network; offline, that is the point.
NO_NETWORK = "net::ERR_INTERNET_DISCONNECTED"


def real_errors(watch) -> list[str]:
    return [error for error in watch.errors if NO_NETWORK not in error]


WORKER_STATE = """navigator.serviceWorker.getRegistration().then((r) => JSON.stringify({
  installing: r?.installing?.state, waiting: r?.waiting?.state, active: r?.active?.state,
  controller: navigator.serviceWorker.controller?.state }))"""


def worker_takes(page) -> None:
    """Until the service worker controls the page, having kept what it keeps. A page that
    was on its way while the worker took over stays without it: the next load has it."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate(CONTROLLED):
        page.reload()
    try:
        wait_until(page, CONTROLLED)
    except AssertionError:
        raise AssertionError(f"the worker: {page.evaluate(WORKER_STATE)}") from None


def begin_workout_that_can_go_offline(page, site):
    worker_takes(page)
    page.goto(site + "/workout/")
    page.get_by_role("button", name="Start Quick routine").click()
    expect(heading(page)).to_have_text("Get ready")
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("Squat")
    wait_until(page, READY)  # the screens ahead are kept


def press_on(page, reps: str) -> None:
    """What the screen offers: Skip rest on a rest, else Set done with those reps."""
    wait_for_timer(page)
    frame = page.locator("#screen").get_attribute("data-frame")
    if frame.startswith(("rest:", "switch:")):
        page.get_by_role("button", name="Skip rest").click()
    else:
        page.get_by_label("Reps").fill(reps)
        page.get_by_role("button", name="Set done").click()
    expect(page.locator("#screen")).not_to_have_attribute("data-frame", frame)


def test_a_workout_goes_on_offline_and_each_set_reaches_the_history_once_with_its_time(
    page, site, watch, axe
):
    log_in(page, site, "offline@example.com")
    begin_workout_that_can_go_offline(page, site)
    went_offline = timezone.now()
    page.context.set_offline(True)
    done = []
    for step in range(8):
        if step == 5:
            # A reload while offline: the screen where the workout stands, not the page
            # as first kept (that was Get ready).
            shown = page.locator("#screen").get_attribute("data-frame")
            page.reload()
            wait_for_timer(page)
            expect(page.locator("#screen")).to_have_attribute("data-frame", shown)
        if page.locator("#screen").get_attribute("data-frame").startswith("set:"):
            done.append(str(6 + step))
        press_on(page, reps=str(6 + step))
        time.sleep(0.3)
    status = page.locator("#offline-status")
    expect(status).to_contain_text(f"Offline: {len(done)} sets to send")
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_disabled()
    assert_accessible(axe, page)
    assert_fits_phone(page)
    assert not SetLog.objects.exists(), "nothing can have reached the server"
    time.sleep(2)
    back_online = timezone.now()
    page.context.set_offline(False)
    expect(status).to_contain_text(f"all {len(done)} kept sets are logged", timeout=15_000)
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_enabled()

    export = page.request.get(site + "/history/export.csv")
    rows = list(csv.DictReader(io.StringIO(export.text())))
    assert [row["reps"] for row in rows] == done
    assert len({(row["exercise"], row["set"], row["side"]) for row in rows}) == len(done)
    times = list(SetLog.objects.order_by("logged_at").values_list("logged_at", flat=True))
    assert times == sorted(set(times)), "each set its own moment"
    # On the server's clock as the page measured it: early by the page's own load time.
    second = timezone.timedelta(seconds=1)
    assert went_offline - second < times[0] and times[-1] < back_online - 1.5 * second
    assert real_errors(watch) == []


def one_set_kept_while(page, site, email: str, reps: str, meanwhile) -> None:
    """A set kept offline while another device does `meanwhile`; then back online."""
    log_in(page, site, email)
    begin_workout_that_can_go_offline(page, site)
    page.context.set_offline(True)
    press_on(page, reps=reps)
    expect(page.locator("#offline-status")).to_contain_text("Offline: 1 set to send")
    meanwhile(WorkoutSession.objects.get())
    page.context.set_offline(False)


def test_a_workout_finished_offline_gets_its_summary_once_back_online(page, site, watch):
    log_in(page, site, "finished@example.com")
    begin_workout_that_can_go_offline(page, site)
    page.context.set_offline(True)
    while not page.locator("#screen").get_attribute("data-frame").startswith("complete:"):
        press_on(page, reps="10")
    expect(heading(page)).to_have_text("Workout complete")
    expect(page.get_by_text("the summary comes then")).to_be_visible()
    page.context.set_offline(False)
    summary = page.locator("#screen .facts")
    expect(summary).to_contain_text("Reps", timeout=15_000)  # the server's complete screen
    assert SetLog.objects.count() == 8
    assert real_errors(watch) == []


def test_a_kept_set_the_server_refuses_is_named(page, site, watch):
    one_set_kept_while(page, site, "refused@example.com", "9", lifecycle.end_session)
    expect(page.locator("#offline-status")).to_contain_text(
        "Not logged, because the workout had moved on or ended elsewhere: Squat, set 1 of",
        timeout=15_000,
    )
    expect(heading(page)).to_have_text("Workout ended")
    assert not SetLog.objects.exists()
    assert real_errors(watch) == []


def test_a_kept_set_another_device_logged_first_says_whose_reps_stand(page, site, watch):
    def log_eleven(session):
        actions.log_set(session, step=0, reps=11)

    one_set_kept_while(page, site, "first@example.com", "5", log_eleven)
    expect(page.locator("#offline-status")).to_contain_text(
        "Logged first from another device, whose reps stand: Squat, set 1 of 2: 5 reps "
        "(logged: 11)",
        timeout=15_000,
    )
    assert list(SetLog.objects.values_list("reps", flat=True)) == [11]
    assert real_errors(watch) == []


def test_a_first_visit_keeps_its_workout_for_a_reload_offline(page, site, watch):
    # Straight to a workout, before the worker has taken any page: it keeps this one late.
    page.goto(site + "/workout/")
    page.get_by_role("button", name="Start Quick routine").click()
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("Squat")
    wait_until(page, READY.replace(CONTROLLED + " && ", ""))
    player = page.url.removeprefix(site)
    wait_until(page, f"{KEPT_WORKOUT_PAGES}.then((paths) => paths.includes('{player}'))", 10)
    page.context.set_offline(True)
    press_on(page, reps="8")
    page.reload()
    wait_for_timer(page)
    expect(heading(page)).to_have_text("Rest")
    expect(page.locator("#offline-status")).to_contain_text("Offline: 1 set to send")
    assert real_errors(watch) == []


def test_a_screen_a_check_brought_is_where_a_reload_offline_goes_on(page, site, watch):
    log_in(page, site, "checked@example.com")
    begin_workout_that_can_go_offline(page, site)
    session = WorkoutSession.objects.get()
    actions.log_set(session, step=0, reps=10)  # on another device, meanwhile
    actions.end_rest(session, step=1)
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # the screen check
    expect(page.locator("#screen")).to_have_attribute("data-frame", "set:1")
    page.context.set_offline(True)
    page.reload()
    wait_for_timer(page)
    expect(page.locator("#screen")).to_have_attribute("data-frame", "set:1")
    assert real_errors(watch) == []


def test_the_worker_never_keeps_history_progress_account_or_exports(page, site, watch):
    log_in(page, site, "private@example.com")
    private = ["/history/", "/progress/", "/accounts/", "/accounts/password/"]
    page.goto(site + "/learn/")
    worker_takes(page)
    for path in private:
        page.goto(site + path)
    page.evaluate("fetch('/history/export.csv').then((r) => r.text())")
    kept = page.evaluate(KEPT_URLS)
    assert any(url.endswith(" /learn/") for url in kept)
    assert not [url for url in kept if "/history/" in url or "/progress/" in url]
    assert not [url for url in kept if "/accounts/" in url or "export" in url]

    page.context.set_offline(True)
    for path in private:
        page.goto(site + path)
        expect(heading(page)).to_have_text("You are offline")
    page.goto(site + "/exercises/clamshell/")
    expect(heading(page)).to_have_text("Clamshell")
    note = page.get_by_role("status")
    expect(note).to_have_text("Offline: this is the copy kept on this device.")
    assert real_errors(watch) == []


def test_the_open_workouts_page_is_kept_until_log_out(page, site, watch):
    log_in(page, site, "kept@example.com")
    begin_workout_that_can_go_offline(page, site)
    player = page.url.removeprefix(site)
    page.reload()  # now through the worker, which keeps it
    wait_until(page, READY)
    assert page.evaluate(KEPT_WORKOUT_PAGES) == [player]
    page.goto(site + "/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(site + "/")
    assert page.evaluate(KEPT_WORKOUT_PAGES) == []


def test_the_workouts_page_is_forgotten_once_the_workout_ends(page, site, watch):
    log_in(page, site, "ended@example.com")
    begin_workout_that_can_go_offline(page, site)
    player = page.url.removeprefix(site)
    page.reload()
    wait_until(page, READY)
    assert page.evaluate(KEPT_WORKOUT_PAGES) == [player]
    page.get_by_role("button", name="End workout").click()
    page.get_by_role("button", name="Yes, end workout").click()
    expect(heading(page)).to_have_text("Workout ended")
    wait_until(page, f"{KEPT_WORKOUT_PAGES}.then((paths) => paths.length === 0)")
    assert real_errors(watch) == []


def test_chromium_finds_the_app_installable(browser_type, browser_type_launch_args, site, tmp_path):
    # A profile on disk: Chromium installs nothing from an incognito one (a new context).
    context = browser_type.launch_persistent_context(tmp_path, **browser_type_launch_args)
    page = context.new_page()
    watch = PageWatch(origin=site)
    watch.attach(page)
    page.goto(site + "/")
    worker_takes(page)
    devtools = context.new_cdp_session(page)
    assert devtools.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = devtools.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"].endswith("/manifest.webmanifest")
    assert real_errors(watch) == []
    context.close()


def test_a_new_deployment_waits_until_the_kept_actions_are_sent(page, site, watch, monkeypatch):
    from hipdips import pwa

    log_in(page, site, "deploy@example.com")
    begin_workout_that_can_go_offline(page, site)
    page.route("**/done/", lambda route: route.abort())  # the server cannot be reached
    page.get_by_role("button", name="Set done").click()
    expect(page.locator("#offline-status")).to_contain_text("Offline: 1 set to send")
    shells = "caches.keys().then((names) => names.filter((n) => n.startsWith('hipdips-shell-')))"
    before = page.evaluate(shells)

    monkeypatch.setattr(pwa, "_worker_source", lambda: "another deployment")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    wait_until(page, "navigator.serviceWorker.getRegistration().then((r) => !!r.waiting)")
    assert page.evaluate(shells)[0] in before, "the old worker still serves this page"

    page.unroute("**/done/")
    status = page.locator("#offline-status")
    expect(status).to_contain_text("the kept set is logged", timeout=15_000)
    taken = "!r.waiting && r.active.state === 'activated'"
    wait_until(page, f"navigator.serviceWorker.getRegistration().then((r) => {taken})")
    after = page.evaluate(shells)
    assert len(after) == 1 and after != before, "the new worker took over, the old caches went"
    assert SetLog.objects.count() == 1
    # The Set done that failed: the browser and htmx report it on the console.
    expected = ("net::ERR_FAILED", "htmx:sendError", "htmx:afterRequest")
    assert [e for e in real_errors(watch) if not any(text in e for text in expected)] == []


def test_two_tabs_offline_keep_one_set_per_step(page, site, watch):
    log_in(page, site, "tabs@example.com")
    begin_workout_that_can_go_offline(page, site)
    other = page.context.new_page()
    other.goto(page.url)
    wait_until(other, READY)
    page.context.set_offline(True)
    press_on(page, reps="7")
    press_on(other, reps="8")
    expect(other.locator("#offline-status")).to_contain_text(
        "That set was already kept in another tab."
    )
    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text(
        "the kept set is logged", timeout=15_000
    )
    assert list(SetLog.objects.values_list("set_number", "reps")) == [(1, 7)]
    assert real_errors(watch) == []


def test_a_device_clock_hours_ahead_still_logs_each_set_at_its_real_time(page, site, watch):
    log_in(page, site, "clock@example.com")
    page.clock.install(time=timezone.now() + timezone.timedelta(hours=3))
    begin_workout_that_can_go_offline(page, site)
    went_offline = timezone.now()
    page.context.set_offline(True)
    press_on(page, reps="9")
    done = timezone.now()
    expect(page.locator("#offline-status")).to_contain_text("Offline: 1 set to send")
    time.sleep(2)
    page.context.set_offline(False)
    page.clock.run_for(4_000)  # the next try to send
    expect(page.locator("#offline-status")).to_contain_text(
        "the kept set is logged", timeout=15_000
    )
    logged = SetLog.objects.get().logged_at
    # The server's clock as the page measured it (less the page's own load time).
    second = timezone.timedelta(seconds=1)
    assert went_offline - second <= logged <= done, "the moment of the tap, not of the send"
    assert real_errors(watch) == []
