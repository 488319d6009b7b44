"""Coaching in Chromium: hold pacing, spoken cues and vibration (stubbed), offline retry."""

from playwright.sync_api import expect

from sessions.models import SetLog
from tests.browser.conftest import (
    asked,
    assert_accessible,
    begin_quick_routine,
    countdown_ends,
    heading,
    wait_until,
)

# Headless Chromium has no voices and no vibration motor: record the calls instead.
STUB_CUES = """
window.__spoken = [];
window.__vibrated = [];
Object.defineProperty(window, "speechSynthesis", {
  value: { speak(u) { window.__spoken.push(u.text); }, cancel() {} },
});
Object.defineProperty(navigator, "vibrate", {
  value: (pattern) => { window.__vibrated.push(pattern); return true; },
});
"""


def start_full_routine_at_hip_thrust(page, site):
    page.add_init_script(STUB_CUES)
    page.clock.install()
    page.goto(site + "/workout/")
    page.get_by_role("button", name="Start Full routine").click()
    page.get_by_role("button", name="Begin").click()
    for name in ("Squat", "Step down"):
        expect(heading(page)).to_have_text(name)
        page.get_by_text("Change this set").click()
        page.get_by_role("button", name="Skip exercise").click()
        page.get_by_role("button", name="Yes, skip exercise").click()
    expect(heading(page)).to_have_text("Hip thrust")


def test_pacing_counts_reps_with_a_hold_and_fills_in_reps(page, site, watch, axe):
    start_full_routine_at_hip_thrust(page, site)
    wait_until(page, "window.__spoken.some((t) => t.startsWith('Hip thrust'))")

    page.get_by_role("button", name="Pace me").click()
    phase = page.locator("[data-pace-phase]")
    # A 3 s lead-in, then each rep: lift 1 s, hold 3 s, lower 2 s. 16.5 s in: rep 3, holding.
    page.clock.fast_forward(16_500)
    expect(page.locator("[data-pace-rep]")).to_have_text("Rep 3 of 12")
    expect(phase).to_have_text("Hold 3")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Stop pacing").click()
    expect(page.get_by_label("Reps")).to_have_value("12")  # never lowered by pacing

    page.get_by_role("button", name="Pace me").click()
    page.clock.run_for(76_000)  # every tick, as in real time
    expect(page.get_by_label("Reps")).to_have_value("12")
    expect(page.get_by_role("button", name="Pace me")).to_be_visible()
    spoken = page.evaluate("window.__spoken")
    assert "Hold" in spoken and "Lower" in spoken

    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    countdown_ends(page, 45, then="Hip thrust")
    wait_until(page, "window.__vibrated.length >= 1")
    assert "Rest, 45 seconds." in page.evaluate("window.__spoken")
    assert SetLog.objects.get(skipped=False).reps == 12
    assert not watch.errors, watch.errors


def without_the_screens_ahead(page) -> None:
    """The screens for going on offline never arrive (offline.js): the player can only say
    so and retry, as it does for a server in trouble."""
    page.route("**/workout/*/offline/", lambda route: route.abort())


def test_a_set_done_while_offline_is_retried_and_logged_once(page, site, watch, context):
    without_the_screens_ahead(page)
    begin_quick_routine(page, site)
    page.get_by_label("Reps").fill("9")
    context.set_offline(True)
    page.get_by_role("button", name="Set done").click()
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("No connection")
    expect(page.get_by_label("Reps")).to_have_value("9")
    assert not SetLog.objects.exists()

    # A tap while still offline fails again, and waits longer.
    page.get_by_role("button", name="Try again now").click()
    expect(problem).to_contain_text("trying again in 4 s")

    context.set_offline(False)
    page.clock.fast_forward(5_000)  # the automatic retry
    expect(heading(page)).to_have_text("Rest")
    expect(problem).to_be_hidden()
    assert list(SetLog.objects.values_list("reps", flat=True)) == [9]
    # The browser and htmx report each failed request on the console; nothing else may.
    expected = ("net::ERR_INTERNET_DISCONNECTED", "htmx:sendError", "htmx:afterRequest")
    expected += ("net::ERR_FAILED",)  # the screens ahead, held back
    assert [e for e in watch.errors if not any(text in e for text in expected)] == []


def test_coming_back_online_retries_at_once_and_logs_once(page, site, watch, context):
    without_the_screens_ahead(page)
    begin_quick_routine(page, site)
    context.set_offline(True)
    page.get_by_role("button", name="Set done").click()
    expect(page.get_by_role("alert")).to_contain_text("No connection")
    context.set_offline(False)  # the browser's "online" event sends it again
    expect(heading(page)).to_have_text("Rest")
    sent = asked(page)
    assert sent["answered"] == sent["htmx"]  # nothing on its way
    # The retry that was still scheduled must not send it again: its timer runs within
    # fast_forward, and a request it made would be counted as it started.
    page.clock.fast_forward(5_000)
    assert asked(page) == sent
    assert SetLog.objects.count() == 1
    assert heading(page).inner_text() == "Rest"
