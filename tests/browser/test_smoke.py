"""Every page loads in Chromium on a 360 px phone: no console or CSP error, nothing from
another host, under 60 KB compressed, and no axe-core violation."""

import pytest

from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.conftest import PASSWORD

PUBLIC_PAGES = [
    "/",
    "/learn/",
    "/exercises/",
    "/exercises/?equipment=none&hold=yes",
    "/exercises/squat/",
    "/exercises/step-down/",
    "/exercises/hip-thrust/",
    "/exercises/donkey-kick/",
    "/exercises/clamshell/",
    "/exercises/fire-hydrant/",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/reset/",
]
SIGNED_IN_PAGES = ["/accounts/", "/accounts/password/"]
BUDGET = 60 * 1024


def check_page(page, watch, axe, url: str, status: int = 200) -> None:
    watch.reset_transfer()
    response = page.goto(url, wait_until="networkidle")
    assert response.status == status
    assert page.locator("h1").count() == 1, f"{url} should have one h1"
    # Chromium reports an error page's own status on the console; only that is expected.
    expected = f"console: Failed to load resource: the server responded with a status of {status}"
    assert [e for e in watch.errors if not e.startswith(expected)] == []
    assert not watch.foreign, watch.foreign
    assert watch.compressed_bytes < BUDGET, f"{url}: {watch.compressed_bytes} bytes compressed"
    assert_fits_phone(page)
    assert_accessible(axe, page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page(page, site, watch, axe, path):
    check_page(page, watch, axe, site + path)


def test_not_found_page(page, site, watch, axe):
    check_page(page, watch, axe, site + "/no-such-page/", status=404)


def test_signed_in_pages(page, site, watch, axe, django_user_model):
    django_user_model.objects.create_user("browser@example.com", PASSWORD)
    page.goto(site + "/accounts/login/")
    page.get_by_label("E-mail").fill("browser@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/")
    for path in SIGNED_IN_PAGES:
        check_page(page, watch, axe, site + path)


def test_sign_up_guesses_the_browser_time_zone(browser, site, axe):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(site + "/accounts/signup/")
    assert page.get_by_label("Time zone").input_value() == "Asia/Tokyo"
    context.close()
