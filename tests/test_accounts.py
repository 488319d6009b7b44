from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from hipdips.mail import wait_until_sent
from hipdips.models import User
from tests.conftest import PASSWORD
from tests.helpers import attribute, do_sets, elements, log_in, own_routine, sign_up_form, start


def signup_data(**overrides) -> dict:
    new_person = {"email": "New.Person@Example.com", "time_zone": "America/Chicago"}
    return sign_up_form(**{**new_person, **overrides})


def test_signup_page_labels_every_field(client, db):
    html = client.get(reverse("signup")).content.decode()
    for label in ("E-mail", "Password", "Confirm password", "Time zone"):
        assert f">{label}</label>" in html
    assert "Sign up</button>" in html
    # Without JavaScript the time zone starts at UTC; the browser's guess replaces it.
    assert [attribute(o, "value") for o in elements(html, "option", selected=True)] == ["UTC"]
    assert "data-guess-time-zone" in html


def test_signup_creates_an_account_and_logs_in(client, db):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.time_zone == "America/Chicago"
    assert client.get(reverse("account")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "something-else-entirely"}, "The two passwords differ."),
        ({"password1": "123", "password2": "123"}, "too short"),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
    ],
)
def test_signup_with_bad_input_shows_the_reason_and_writes_nothing(client, db, overrides, message):
    response = client.post(reverse("signup"), signup_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_email_is_unique_in_the_database_whatever_the_case(db):
    from django.db import IntegrityError, transaction

    User.objects.create_user("a@example.com", PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="A@EXAMPLE.COM")


def test_login_accepts_the_address_in_any_case(client, owner):
    response = log_in(client, "Owner@Example.COM")
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200


def test_login_page_has_the_contract_labels(client, db):
    html = client.get(reverse("login")).content.decode()
    assert ">E-mail</label>" in html and ">Password</label>" in html
    assert "Log in</button>" in html


def test_logout_is_a_post(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    assert owner_client.post(reverse("logout")).status_code == 302
    assert owner_client.get(reverse("account")).status_code == 302


def test_repeated_failed_logins_are_throttled_then_allowed_again(client, owner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, owner.email, "wrong")
    locked = log_in(client, owner.email)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()

    # Once the cool-off has passed, the right password works again.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    response = log_in(client, owner.email)
    assert response.status_code == 302


def test_account_page_changes_the_time_zone(owner_client, owner):
    response = owner_client.post(reverse("account"), {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.time_zone == "Asia/Tokyo"


def test_account_page_rejects_an_unknown_time_zone(owner_client, owner):
    response = owner_client.post(reverse("account"), {"time_zone": "Nowhere/Special"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Berlin"


def test_account_page_needs_a_login(client, db):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_reset_sends_a_working_link(client, owner):
    client.post(reverse("password_reset"), {"email": owner.email})
    wait_until_sent()
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert "Set a new password" in form_page.content.decode()
    new = "another-long-password-77"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    owner.refresh_from_db()
    assert owner.check_password(new)


def test_password_change(owner_client, owner):
    new = "another-long-password-77"
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(new)


def test_deleting_the_account_needs_the_password_and_removes_everything(
    owner_client, owner, quick_routine
):
    from exercises.models import Routine
    from sessions.models import SetLog, WorkoutSession

    own_routine(owner)
    do_sets(start(quick_routine, owner), 1, reps=10)
    page = owner_client.get(reverse("delete_account")).content.decode()
    assert reverse("history:export_csv") in page and reverse("history:export_json") in page

    wrong = owner_client.post(reverse("delete_account"), {"password": "not-it"})
    assert wrong.status_code == 200
    assert "nothing was deleted" in wrong.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()

    response = owner_client.post(reverse("delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not WorkoutSession.objects.exists() and not SetLog.objects.exists()
    assert not Routine.objects.filter(name="Mine").exists()
    assert Routine.objects.filter(owner=None).count() == 2


@pytest.mark.parametrize(
    ("next_url", "lands"),
    [("/workout/", "/workout/"), ("https://evil.example/", "/"), ("//evil.example/", "/")],
)
def test_signup_returns_only_to_addresses_of_this_site(client, db, next_url, lands):
    response = client.post(reverse("signup"), signup_data(next=next_url))
    assert response.status_code == 302 and response.url == lands


def test_the_throttle_counts_an_address_whatever_its_case(client, owner, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        variant = owner.email.upper() if n % 2 else owner.email.title()
        log_in(client, variant, "wrong")
    locked = log_in(client, owner.email)
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.content.decode()


def test_password_pages_use_the_sites_labels(owner_client, client):
    change = owner_client.get(reverse("password_change")).content.decode()
    assert ">Current password</label>" in change and ">Confirm new password</label>" in change
    client.logout()
    reset = client.get(reverse("password_reset")).content.decode()
    assert ">E-mail</label>" in reset
