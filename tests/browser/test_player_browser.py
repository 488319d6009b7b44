"""The Quick routine in Chromium, through the UI contract, with Playwright's clock."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from sessions.models import SetLog, State, WorkoutSession
from tests.browser.conftest import (
    asked,
    assert_accessible,
    assert_fits_phone,
    begin_quick_routine,
    countdown_ends,
    do_sets_in_page,
    heading,
    start_quick_routine,
    start_without_javascript,
    wait_for_timer,
)


def check(page, watch, axe):
    assert not watch.errors, watch.errors
    assert not watch.foreign, watch.foreign
    assert_fits_phone(page)
    assert_accessible(axe, page)


def test_quick_routine_start_to_finish(page, site, watch, axe):
    start_quick_routine(page, site)
    check(page, watch, axe)
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("Squat")
    expect(page.get_by_text("Set 1 of 2", exact=True)).to_be_visible()
    expect(page.get_by_label("Reps")).to_have_value("12")
    check(page, watch, axe)

    page.get_by_label("Reps").fill("11")
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    check(page, watch, axe)
    countdown_ends(page, 20, then="Squat")  # the rest ends by itself
    expect(page.get_by_text("Set 2 of 2", exact=True)).to_be_visible()
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    page.get_by_role("button", name="Skip rest").click()

    # Clamshell, left then right, with the switch-sides screen between.
    expect(heading(page)).to_have_text("Clamshell")
    expect(page.locator("#screen").get_by_text("Left", exact=True)).to_be_visible()
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Switch sides")
    check(page, watch, axe)
    countdown_ends(page, 10, then="Clamshell")
    expect(page.locator("#screen").get_by_text("Right", exact=True)).to_be_visible()

    # Pause and resume: only Resume and End workout while paused; back to the same set.
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(page.get_by_role("button", name="Set done")).to_have_count(0)
    check(page, watch, axe)
    page.get_by_role("button", name="Resume").click()
    expect(heading(page)).to_have_text("Clamshell")
    expect(page.locator("#screen").get_by_text("Right", exact=True)).to_be_visible()

    do_sets_in_page(page)
    check(page, watch, axe)

    session = WorkoutSession.objects.get()
    assert session.state == State.COMPLETED
    assert SetLog.objects.filter(session=session).count() == 8
    assert SetLog.objects.order_by("logged_at").first().reps == 11


def test_the_countdown_is_right_after_the_tab_was_hidden(page, site, watch):
    begin_quick_routine(page, site)
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    timer = page.locator(".timer-value")
    wait_for_timer(page)
    expect(timer).to_have_text(re.compile(r"^(19|20)$"))
    # A hidden tab runs no timers: the clock jumps 12 s while none fires, then the tab shows.
    # Pause a little ahead of the page's clock: pausing in its past is refused.
    now = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, tz=UTC)
    now += timedelta(milliseconds=500)
    page.clock.pause_at(now)
    page.clock.set_system_time(now + timedelta(seconds=12))
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(timer).to_have_text(re.compile(r"^(7|8)$"))
    assert not watch.errors, watch.errors


def test_end_workout_confirms_on_a_page_then_ends(page, site, watch, axe):
    start_quick_routine(page, site)
    page.get_by_role("button", name="End workout").click()
    expect(heading(page)).to_have_text("End this workout?")
    check(page, watch, axe)
    page.get_by_role("button", name="Yes, end workout").click()
    expect(heading(page)).to_have_text("Workout ended")
    check(page, watch, axe)
    assert WorkoutSession.objects.get().state == State.ABANDONED


def test_keyboard_shortcuts_work_and_can_be_turned_off(page, site, watch):
    begin_quick_routine(page, site)
    page.locator("body").press(" ")
    expect(heading(page)).to_have_text("Rest")
    page.locator("body").press("s")
    expect(heading(page)).to_have_text("Squat")
    # The new screen moves focus to its heading once set up: wait for that before typing.
    wait_for_timer(page)
    # Typing in the Reps field is not a shortcut.
    page.get_by_label("Reps").press("p")
    expect(heading(page)).to_have_text("Squat")
    page.evaluate("document.activeElement.blur()")
    page.locator("body").press("p")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.locator("body").press("p")
    expect(heading(page)).to_have_text("Squat")
    page.get_by_text("Settings").click()
    page.get_by_label("Single-key shortcuts").uncheck()
    page.evaluate("document.activeElement.blur()")
    sent = asked(page)["htmx"]
    page.locator("body").press("p")  # its keydown handlers have run when press returns
    assert asked(page)["htmx"] == sent  # no Pause was sent
    expect(page.get_by_role("button", name="Resume")).to_have_count(0)
    assert WorkoutSession.objects.get().state == State.IN_PROGRESS
    assert SetLog.objects.count() == 1
    assert not watch.errors, watch.errors


def test_the_whole_player_works_without_javascript(browser, site):
    context, page = start_without_javascript(browser, site)
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("Squat")
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    # Without JavaScript the rest waits for the button.
    page.get_by_role("button", name="Skip rest").click()
    expect(page.get_by_text("Set 2 of 2", exact=True)).to_be_visible()
    assert SetLog.objects.count() == 1
    context.close()
