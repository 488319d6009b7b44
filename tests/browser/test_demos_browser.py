"""Exercise demos in Chromium: they move, Pause demo stops them, reduced motion shows stills."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, wait_until


def test_a_demo_moves_and_pause_demo_stops_it(page, site, watch, axe):
    page.goto(site + "/exercises/fire-hydrant/")
    demo = page.locator("svg.demo-motion")
    expect(demo).to_be_visible()
    expect(page.locator("svg.demo-still")).to_be_hidden()
    wait_until(page, "document.querySelector('svg.demo-motion').getCurrentTime() > 0")
    button = page.get_by_role("button", name="Pause demo")
    button.click()
    expect(page.get_by_role("button", name="Play demo")).to_be_visible()
    assert demo.evaluate("svg => svg.animationsPaused()")
    page.get_by_role("button", name="Play demo").click()
    expect(page.get_by_role("button", name="Pause demo")).to_be_visible()
    assert not demo.evaluate("svg => svg.animationsPaused()")
    assert_accessible(axe, page)
    assert not watch.errors, watch.errors


def test_reduced_motion_shows_the_start_and_end_poses_still(browser, site):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(site + "/exercises/clamshell/")
    expect(page.locator("svg.demo-still")).to_be_visible()
    expect(page.locator("svg.demo-motion")).to_be_hidden()
    expect(page.get_by_role("button", name="Pause demo")).to_be_hidden()
    context.close()
