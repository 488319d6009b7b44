"""The player as a coach in Chromium: a full screen at 360x640, the voice and its timing,
the tones, pacing that never lowers Reps, resume, and screens that never go stale."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions import actions, lifecycle
from sessions.models import SetLog, WorkoutSession
from tests.browser.conftest import (
    asked,
    assert_accessible,
    begin_quick_routine,
    do_sets_in_page,
    heading,
    start_without_javascript,
    wait_for_timer,
    wait_until,
)
from tests.helpers import workout

SMALL_PHONE = {"width": 360, "height": 640}

# Headless Chromium has no voices: record each utterance and when (page clock) it was asked
# for. Every oscillator start is recorded too: its frequency and how far ahead it was set.
RECORDER = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {
  value: { speak(u) { window.__spoken.push([u.text, Date.now()]); }, cancel() {} },
});
window.__tones = [];
const realStart = AudioScheduledSourceNode.prototype.start;
AudioScheduledSourceNode.prototype.start = function (when = 0) {
  window.__tones.push([this.frequency ? this.frequency.value : 0, when - this.context.currentTime]);
  return realStart.call(this, when);
};
"""


def spoken(page) -> list[str]:
    return [text for text, _ in page.evaluate("window.__spoken")]


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 0.5


def assert_all_in_view(page, *locators):
    scroll = page.evaluate("document.documentElement.scrollHeight")
    assert scroll <= page.viewport_size["height"], f"the screen scrolls: {scroll} px"
    for locator in locators:
        expect(locator).to_be_visible()
        assert in_view(page, locator), f"{locator} is not in view"


def test_every_running_screen_fits_a_small_phone_with_every_control_in_view(page, site, watch, axe):
    page.set_viewport_size(SMALL_PHONE)
    page.clock.install()
    page.goto(site + "/workout/")
    page.get_by_role("button", name="Start Full routine").click()
    controls = [
        page.get_by_role("button", name="Pause", exact=True),
        page.get_by_role("button", name="End workout"),
    ]
    assert_all_in_view(page, heading(page), page.get_by_role("button", name="Begin"), *controls)
    assert page.locator(".site-header").count() == 0  # no site navigation in a session
    expect(page.get_by_role("link", name="Hipdips")).to_be_visible()

    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("Squat")
    set_screen = [
        heading(page),
        page.locator(".set-count"),
        page.locator(".target"),
        page.get_by_label("Reps"),
        page.get_by_role("button", name="Set done"),
        page.get_by_role("button", name="Pace me"),
    ]
    assert_all_in_view(page, *set_screen, *controls)
    assert (
        page.locator(".set-count").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 32
    )
    assert page.locator(".target").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 32
    assert_accessible(axe, page)

    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    rest = [heading(page), page.locator(".timer"), page.get_by_role("button", name="Skip rest")]
    assert_all_in_view(page, *rest, page.get_by_role("button", name="Add 15 seconds"), *controls)
    assert_accessible(axe, page)

    # Step down, left: the side is on screen; then the switch-sides countdown.
    do_sets_in_page(page, 2)  # the other two squats
    page.get_by_role("button", name="Skip rest").click()
    expect(heading(page)).to_have_text("Step down")
    side = page.locator("#screen").get_by_text("Left", exact=True)
    assert_all_in_view(page, *set_screen[:-1], side, *controls)
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Switch sides")
    assert_all_in_view(page, heading(page), page.locator(".timer"), *controls)

    page.get_by_role("button", name="Pause", exact=True).click()
    expect(heading(page)).to_have_text("Paused")
    resume = page.get_by_role("button", name="Resume")
    assert_all_in_view(page, heading(page), resume, controls[1])
    assert_accessible(axe, page)

    # The settings are one tap away, over the screen.
    page.get_by_text("Settings").click()
    expect(page.get_by_label("Spoken coach")).to_be_visible()
    assert in_view(page, page.get_by_label("Single-key shortcuts"))
    assert not watch.errors, watch.errors


def test_the_voice_leads_one_set_rest_set_cycle(page, site, watch):
    page.add_init_script(RECORDER)
    begin_quick_routine(page, site)
    wait_until(page, "window.__spoken.length >= 1")
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    wait_for_timer(page)
    rest_started = page.evaluate("Date.now()")
    page.clock.run_for(21_000)
    expect(heading(page)).to_have_text("Squat")
    expect(page.locator(".set-count")).to_have_text("Set 2 of 2")
    wait_until(page, "window.__spoken.some(([t]) => t.endsWith('Last set.'))")

    said = page.evaluate("window.__spoken")
    said = said[[text for text, _ in said].index("Squat, set 1 of 2, 12 reps.") :]
    texts = [text for text, _ in said]
    assert texts == [
        "Squat, set 1 of 2, 12 reps.",
        "Rest, 20 seconds.",
        "Next up: Squat, set 2 of 2, 12 reps.",
        "Three",
        "Two",
        "One",
        "Squat, set 2 of 2, 12 reps. Last set.",
    ]
    at = {text: (when - rest_started) / 1000 for text, when in said[1:]}
    assert at["Next up: Squat, set 2 of 2, 12 reps."] == pytest.approx(10, abs=1)
    assert [at["Three"], at["Two"], at["One"]] == pytest.approx([17, 18, 19], abs=0.6)
    # The live region carried the same words.
    expect(page.locator("#announcer")).to_have_text("Squat, set 2 of 2, 12 reps. Last set.")

    # At the rest's start three ticks and a longer, higher tone were set on the audio clock.
    tones = page.evaluate("window.__tones")
    ticks = [ahead for frequency, ahead in tones if frequency == 660]
    ends = [ahead for frequency, ahead in tones if frequency == 880]
    assert ticks[:3] == pytest.approx([17, 18, 19], abs=0.6)
    assert ends[0] == pytest.approx(20, abs=0.6)
    assert not watch.errors, watch.errors


def test_switching_sides_names_the_leg_that_comes_next(page, site, watch):
    page.add_init_script(RECORDER)
    begin_quick_routine(page, site)
    do_sets_in_page(page, 2)  # the two squat sets
    page.get_by_role("button", name="Skip rest").click()
    expect(heading(page)).to_have_text("Clamshell")
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Switch sides")
    wait_until(page, "window.__spoken.some(([t]) => t.startsWith('Switch'))")
    assert "Switch to your right leg." in spoken(page)
    page.get_by_role("button", name="Skip rest").click()
    wait_until(page, "window.__spoken.some(([t]) => t.startsWith('Clamshell, 12 reps, right'))")
    assert "Clamshell, 12 reps, right leg." in spoken(page)  # one set: no "set 1 of 1"
    assert not watch.errors, watch.errors


def test_stop_pacing_never_lowers_reps_and_a_finished_run_sets_its_count(page, site, watch):
    page.add_init_script(RECORDER)
    begin_quick_routine(page, site)
    reps = page.get_by_label("Reps")
    expect(reps).to_have_value("12")
    page.get_by_role("button", name="Pace me").click()
    # A 3 s lead-in, then squats go down (2 s) and up (1 s): 9.5 s in, the third rep.
    page.clock.run_for(9_500)
    expect(page.locator("[data-pace-rep]")).to_have_text("Rep 3 of 12")
    page.get_by_role("button", name="Stop pacing").click()
    expect(reps).to_have_value("12")
    assert spoken(page)[-6:] == ["Get into position.", "One", "Up", "Two", "Up", "Three"]

    reps.fill("5")
    page.get_by_role("button", name="Pace me").click()
    page.clock.fast_forward(12_500)  # three reps done
    page.get_by_role("button", name="Stop pacing").click()
    expect(reps).to_have_value("5")  # the larger of 5 typed and 3 paced
    reps.fill("1")
    page.get_by_role("button", name="Pace me").click()
    page.clock.fast_forward(12_500)
    page.get_by_role("button", name="Stop pacing").click()
    expect(reps).to_have_value("3")

    page.get_by_role("button", name="Pace me").click()
    page.clock.run_for(40_000)  # the whole run: the lead-in and 12 reps
    expect(reps).to_have_value("12")
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    assert SetLog.objects.get().reps == 12

    # Set done while pacing runs sends the larger of typed and paced reps.
    page.get_by_role("button", name="Skip rest").click()
    reps.fill("1")
    page.get_by_role("button", name="Pace me").click()
    page.clock.run_for(9_500)
    page.get_by_role("button", name="Set done").click()
    expect(page.locator("#screen .up-next")).to_contain_text("Clamshell")
    assert SetLog.objects.get(set_number=2).reps == 2
    assert not watch.errors, watch.errors


def test_resume_continues_a_rest_with_the_time_that_was_left(page, site, watch):
    begin_quick_routine(page, site)
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    session = WorkoutSession.objects.get()
    # Fifteen seconds left on the server's clock (the page's clock is Playwright's); the
    # pause reaches the server within a second or so, however busy the machine.
    WorkoutSession.objects.filter(pk=session.pk).update(
        rest_ends_at=timezone.now() + timedelta(seconds=14.9)
    )
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(heading(page)).to_have_text("Paused")
    expect(page.get_by_text(re.compile(r"^Rest left: 1[45] seconds$"))).to_be_visible()
    page.clock.fast_forward(60_000)
    page.get_by_role("button", name="Resume").click()
    expect(heading(page)).to_have_text("Rest")
    wait_for_timer(page)
    expect(page.locator(".timer-value")).to_have_text(re.compile(r"^1[45]$"))
    assert not watch.errors, watch.errors


def move_on_elsewhere(session: WorkoutSession) -> None:
    """Another device logs the set the page shows."""
    session.refresh_from_db()
    assert actions.log_set(session, step=session.position, reps=7) == actions.Outcome.DONE


def test_back_and_forward_show_the_screen_the_session_is_at(page, site, watch):
    begin_quick_routine(page, site)
    move_on_elsewhere(WorkoutSession.objects.get())
    page.get_by_role("link", name="Hipdips").click()
    page.wait_for_url(site + "/")
    page.go_back()
    expect(heading(page)).to_have_text("Rest", timeout=2_000)
    page.go_forward()
    page.go_back()
    expect(heading(page)).to_have_text("Rest", timeout=2_000)
    assert not watch.errors, watch.errors


def test_a_page_restored_from_the_back_forward_cache_asks_for_the_current_screen(page, site, watch):
    begin_quick_routine(page, site)
    move_on_elsewhere(WorkoutSession.objects.get())
    # What Chromium fires when it shows a page from its back/forward cache.
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(heading(page)).to_have_text("Rest", timeout=2_000)
    assert SetLog.objects.count() == 1
    assert not watch.errors, watch.errors


def test_a_second_tab_shows_what_the_first_did_when_it_comes_to_the_front(
    page, context, site, watch
):
    begin_quick_routine(page, site)
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    second = context.new_page()
    second.goto(page.url)
    expect(second.get_by_role("heading", level=1)).to_have_text("Rest")
    timer = second.locator(".timer-value")
    expect(timer).to_have_text(re.compile(r"^(19|20)$"))

    page.bring_to_front()
    page.get_by_role("button", name="Add 15 seconds").click()
    expect(page.locator(".timer-value")).to_have_text(re.compile(r"^3[45]$"))
    second.bring_to_front()
    # Headless Chromium fires no focus event when a tab comes to the front; a browser does.
    second.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(timer).to_have_text(re.compile(r"^3[345]$"), timeout=2_000)

    # A tab left in front is corrected by its own check within 15 s.
    move_on_elsewhere_from_rest = WorkoutSession.objects.get()
    actions.end_rest(move_on_elsewhere_from_rest, step=1)
    second.clock.fast_forward(16_000)
    expect(second.get_by_role("heading", level=1)).to_have_text("Squat", timeout=2_000)
    assert not watch.errors, watch.errors


def test_a_check_never_replaces_the_screen_while_reps_is_being_edited(page, site, watch):
    begin_quick_routine(page, site)
    page.get_by_label("Reps").fill("9")
    session = WorkoutSession.objects.get()
    lifecycle.pause(session)
    checks = asked(page)["checks"]
    # The focus handler has run when evaluate returns: no check went out, none can answer.
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    assert asked(page)["checks"] == checks
    expect(page.get_by_label("Reps")).to_have_value("9")
    # Set done answers the session as it is: the set is still logged, paused.
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Paused")
    assert SetLog.objects.get().reps == 9
    # Nothing typed now: the same focus asks at once.
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    assert asked(page)["checks"] == checks + 1
    assert not watch.errors, watch.errors


def test_skip_exercise_asks_first_and_works_without_javascript(browser, site):
    context, page = start_without_javascript(browser, site)
    expect(page.locator(".countdown")).to_be_hidden()  # no countdown that never moves
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_role("button", name="Pace me")).to_be_hidden()
    page.get_by_text("Change this set").click()
    page.get_by_role("button", name="Skip exercise").click()
    expect(heading(page)).to_have_text("Skip Squat?")
    assert not SetLog.objects.exists()
    page.get_by_role("button", name="Yes, skip exercise").click()
    expect(heading(page)).to_have_text("Clamshell")
    assert SetLog.objects.filter(skipped=True).count() == 2
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Switch sides")
    # Without JavaScript a timer is its length in words, and waits for the button.
    expect(page.get_by_text("Switch sides: 10 seconds")).to_be_visible()
    expect(page.locator(".timer")).to_be_hidden()
    page.get_by_role("button", name="Skip rest").click()
    page.get_by_role("button", name="Set done").click()
    expect(heading(page)).to_have_text("Rest")
    expect(page.get_by_text("Rest: 20 seconds")).to_be_visible()
    # Safety in reach: the cues, the safety note and the easier version, one tap away.
    page.get_by_role("button", name="Skip rest").click()
    page.get_by_text("How to, safely").click()
    expect(page.get_by_role("heading", name="Safety")).to_be_visible()
    expect(page.get_by_role("heading", name="Easier")).to_be_visible()
    context.close()


def test_the_finish_screen_compares_with_last_time_and_names_new_bests(page, site, watch, axe):
    page.add_init_script(RECORDER)
    from exercises.models import Routine
    from tests.browser.conftest import log_in

    user = log_in(page, site, "finisher@example.com")
    quick = Routine.objects.get(name="Quick routine", owner=None)
    workout(quick, user, reps=10, when=timezone.now() - timedelta(days=1))  # 10 reps a set
    page.clock.install()
    page.goto(site + "/workout/")
    page.get_by_role("button", name="Start Quick routine").click()
    page.get_by_role("button", name="Begin").click()
    do_sets_in_page(page, reps="12")
    changes = page.locator(".changes")
    expect(changes).to_contain_text("Sets ±0")
    expect(changes).to_contain_text("Reps +16")
    expect(page.locator(".bests")).to_contain_text("Squat: most reps in one set, 12 (was 10)")
    expect(page.locator(".facts").get_by_text("2 workout days")).to_be_visible()
    # Only the screen's body scrolls, and no figure is squeezed out of sight.
    assert page.evaluate("document.documentElement.scrollHeight") <= page.viewport_size["height"]
    assert page.locator(".facts").bounding_box()["height"] > 150
    wait_until(page, "window.__spoken.some(([t]) => t.startsWith('Workout complete'))")
    last = spoken(page)[-1]
    assert last.startswith("Workout complete. 6 sets, 96 reps. 16 more reps than last time.")
    assert last.endswith("2 workout days in your streak.")
    assert_accessible(axe, page)
    assert not watch.errors, watch.errors
