"""The public pages kept whole for newcomers (hipdips.pagecache): fast for a visitor who
brings nothing, and never someone else's page for anyone who does."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse

from tests.helpers import HTMX, start_over_http

PUBLIC = [
    reverse("home"),
    reverse("learn"),
    reverse("exercises:list"),
    reverse("exercises:detail", args=["fire-hydrant"]),
]


def nonces(response) -> tuple[str, set[str]]:
    """The nonce the CSP header allows, and the nonces the page's script tags carry."""
    header = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert header, response.headers["Content-Security-Policy"]
    return header.group(1), set(re.findall(r'<script[^>]* nonce="([^"]+)"', response.text))


@pytest.mark.parametrize("path", PUBLIC)
def test_a_newcomer_gets_the_kept_page_with_a_nonce_of_their_own(
    path, db, django_assert_num_queries
):
    first = Client().get(path)
    with django_assert_num_queries(0):
        again = Client().get(path)
    assert first.status_code == again.status_code == 200
    assert first.templates and not again.templates  # the second was not rendered
    (first_nonce, first_tags), (nonce, tags) = nonces(first), nonces(again)
    assert first_tags == {first_nonce} and tags == {nonce} and nonce != first_nonce
    # Apart from the nonce, the same page, headers and all; both say they vary by cookie.
    assert again.content == first.content.replace(first_nonce.encode(), nonce.encode())
    assert "Cookie" in again.headers["Vary"] and "Cookie" in first.headers["Vary"]
    assert again.headers["Content-Type"] == first.headers["Content-Type"]


def test_a_visitor_with_an_anonymous_workout_sees_it_on_the_home_page(client, full_routine):
    Client().get(reverse("home"))  # a newcomer's visit: the page is kept
    session = start_over_http(client, full_routine)
    page = client.get(reverse("home"))
    assert page.templates
    assert reverse("workouts:player", args=[session.pk]) in page.text
    assert reverse("workouts:player", args=[session.pk]) not in Client().get("/").text


def test_a_signed_in_person_never_gets_the_newcomers_page(owner_client):
    Client().get(reverse("learn"))
    page = owner_client.get(reverse("learn"))
    assert page.templates and "Log out" in page.text
    assert "Log out" not in Client().get(reverse("learn")).text


def test_a_waiting_message_is_shown_not_a_kept_page(client, rf, db):
    Client().get(reverse("home"))
    storage = CookieStorage(rf.get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Saved.")])
    page = client.get(reverse("home"))
    assert page.templates and "Saved." in page.text


def test_the_page_and_its_htmx_partial_are_kept_apart(db):
    path = reverse("exercises:list") + "?equipment=none"
    page, partial = Client().get(path), Client().get(path, **HTMX)
    assert Client().get(path).content.count(b"<html") == 1
    assert b"<html" not in Client().get(path, **HTMX).content
    assert b"<html" in page.content and b"<html" not in partial.content
    assert "HX-Request" in Client().get(path, **HTMX).headers["Vary"]


def test_a_refused_filter_is_answered_each_time_and_not_kept(db):
    path = reverse("exercises:list") + "?equipment=trampoline"
    for _ in range(2):
        response = Client().get(path)
        assert response.status_code == 400 and response.templates
