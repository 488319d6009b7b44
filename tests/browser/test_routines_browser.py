"""Building, reordering and starting a routine in Chromium."""

from playwright.sync_api import expect

from exercises.models import Routine
from sessions.models import WorkoutSession
from tests.browser.conftest import assert_accessible, assert_fits_phone, heading, log_in


def test_build_reorder_and_start_a_two_exercise_routine(page, site, watch, axe):
    log_in(page, site, "builder@example.com")
    page.goto(site + "/routines/")
    page.get_by_role("link", name="New routine").click()
    expect(heading(page)).to_have_text("New routine")
    assert_accessible(axe, page)
    assert_fits_phone(page)

    page.get_by_label("Name").fill("Side hips, short")
    first = page.get_by_role("group", name="Exercise 1")
    first.get_by_label("Exercise").select_option("clamshell")
    first.get_by_label("Sets").fill("1")
    page.get_by_label("Add an exercise").select_option("fire-hydrant")
    page.get_by_role("button", name="Add", exact=True).click()
    second = page.get_by_role("group", name="Exercise 2")
    expect(second.get_by_label("Exercise")).to_have_value("fire-hydrant")
    second.get_by_label("Sets").fill("1")
    # The estimate follows the rows.
    expect(page.locator("#estimate")).to_contain_text("min")

    page.get_by_role("button", name="Move up exercise 2").click()
    expect(page.get_by_role("group", name="Exercise 1").get_by_label("Exercise")).to_have_value(
        "fire-hydrant"
    )
    expect(page.get_by_label("Name")).to_have_value("Side hips, short")
    assert_accessible(axe, page)

    page.get_by_role("button", name="Save routine").click()
    page.wait_for_url(site + "/routines/")
    routine = Routine.objects.get(name="Side hips, short")
    assert [i.exercise.slug for i in routine.items.all()] == ["fire-hydrant", "clamshell"]

    page.get_by_role("button", name="Start Side hips, short").click()
    expect(heading(page)).to_have_text("Get ready")
    page.get_by_role("button", name="Begin").click()
    expect(heading(page)).to_have_text("Fire hydrant")
    expect(page.locator("#screen").get_by_text("Set 1 of 1")).to_be_visible()
    assert WorkoutSession.objects.get().routine == routine
    assert not watch.errors, watch.errors


def test_a_bad_value_is_shown_next_to_its_field(page, site, watch, axe):
    log_in(page, site, "builder@example.com")
    page.goto(site + "/routines/new/")
    page.get_by_label("Name").fill("Broken")
    page.get_by_role("group", name="Exercise 1").get_by_label("Sets").fill("12")
    page.get_by_role("button", name="Save routine").click()
    expect(page.get_by_text("Sets must be a whole number from 1 to 10.")).to_be_visible()
    assert_accessible(axe, page)
    assert not Routine.objects.filter(name="Broken").exists()
    # htmx swaps the 400 answer; Chromium logs its status, nothing else may appear.
    assert [e for e in watch.errors if "400" not in e] == []
