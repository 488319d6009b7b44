"""Over HTTP: the screen check, the skip confirmation, what a screen carries for the coach,
and what it shows without JavaScript."""

import json
import re

from django.urls import reverse
from pytest_django.asserts import assertInHTML

from sessions.models import SetLog, State, WorkoutSession
from tests.helpers import (
    HTMX,
    act,
    attribute,
    begun_over_http,
    do_sets,
    h1,
    player_page,
    start_over_http,
    text,
    the,
)


def check(client, session, version=None):
    headers = {"HTTP_IF_NONE_MATCH": f'"{version}"'} if version is not None else {}
    return client.get(reverse("workouts:screen", args=[session.pk]), **headers)


def screen_data(page, name: str) -> str:
    """An attribute of the screen (section#screen) a page shows."""
    return attribute(the(page, "section", id="screen"), name)


def test_the_screen_check_answers_304_while_the_screen_is_current(client, quick_routine):
    session = start_over_http(client, quick_routine)
    html = player_page(client, session).content.decode()
    version = screen_data(html, "data-version")
    touched = WorkoutSession.objects.get().touched_at
    unchanged = check(client, session, version)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == f'"{version}"'
    assert WorkoutSession.objects.get().touched_at == touched  # a check writes nothing


def test_the_screen_check_answers_the_current_screen_once_the_session_moved(
    client, django_app_client, quick_routine
):
    session = start_over_http(client, quick_routine)
    version = screen_data(player_page(client, session), "data-version")
    act(client, session, "begin", step=0)  # another tab moves on
    fresh = check(client, session, version)
    assert fresh.status_code == 200
    assert h1(fresh) == "Squat" and "<html" not in fresh.content.decode()
    assert fresh["ETag"] != f'"{version}"'
    assert fresh["Cache-Control"] == "private, no-store"
    assert check(client, session, screen_data(fresh, "data-version")).status_code == 304
    assert check(django_app_client, session).status_code == 404  # another browser


def test_player_screens_are_never_stored_by_a_cache(client, quick_routine):
    session = start_over_http(client, quick_routine)
    for response in (
        player_page(client, session),
        act(client, session, "begin", htmx=True, step=0),
        client.get(reverse("workouts:end", args=[session.pk])),
    ):
        assert response["Cache-Control"] == "private, no-store"


def test_skip_exercise_asks_first_and_nothing_is_logged_until_yes(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    url = reverse("workouts:skip_exercise", args=[session.pk])
    confirm = client.get(url, {"step": 0})
    assert confirm.status_code == 200
    assert h1(confirm) == "Skip Squat?"
    assert "Yes, skip exercise</button>" in confirm.content.decode()
    assert not SetLog.objects.exists()
    partial = client.get(url, {"step": 0}, **HTMX)
    assert (
        "<html" not in partial.content.decode() and "Yes, skip exercise" in partial.content.decode()
    )
    done = client.post(url, {"step": 0})
    assert done.status_code == 303
    assert h1(player_page(client, session)) == "Clamshell"
    assert SetLog.objects.filter(skipped=True).count() == 2
    # Asked again for a step the session has left: back to where it stands.
    assert client.get(url, {"step": 0}).status_code == 302


def test_skip_exercise_with_a_bad_step_is_a_400_with_the_reason(client, quick_routine):
    session = start_over_http(client, quick_routine)
    url = reverse("workouts:skip_exercise", args=[session.pk])
    for bad in ({}, {"step": "x"}, {"step": "9" * 5000}):
        response = client.get(url, bad)
        assert response.status_code == 400
        assert "step" in response.content.decode()
    assert not SetLog.objects.exists()


def test_the_screen_carries_the_coachs_words(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    act(client, session, "set_done", step=0, reps=12)
    html = player_page(client, session).content.decode()
    assert screen_data(html, "data-say") == "Rest, 20 seconds."
    assert screen_data(html, "data-say-next") == "Next up: Squat, set 2 of 2, 12 reps."
    assert json.loads(screen_data(html, "data-countdown-words")) == ["Three", "Two", "One"]


def test_without_javascript_a_timer_is_its_length_in_words(client, quick_routine):
    session = start_over_http(client, quick_routine)
    ready = player_page(client, session).content.decode()
    assert the(ready, "p", class_="countdown", data_js_only=True)  # no number that never moves
    assert "css/noscript.css" in ready
    act(client, session, "begin", step=0)
    set_screen = player_page(client, session).content.decode()
    pace_me = the(set_screen, "button", data_pace_start=True, data_js_only=True)
    assert text(pace_me) == "Pace me"
    act(client, session, "set_done", step=0, reps=12)
    rest = player_page(client, session).content.decode()
    assert the(rest, "p", class_="timer", data_js_only=True)
    assertInHTML('<p class="timer-text" data-no-js>Rest: 20 seconds</p>', rest)


def test_the_set_screen_keeps_the_safety_note_and_easier_version_a_tap_away(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    html = player_page(client, session).content.decode()
    details = html[html.index("How to, safely") :]
    assert "<h2>Safety</h2>" in details and "<h2>Easier</h2>" in details
    assert "Stop if something hurts." in details


def test_the_start_page_says_it_is_not_medical_advice(client, db):
    html = client.get(reverse("workouts:start")).content.decode()
    assert "not medical advice" in html and "stop if it hurts" in html


def test_a_paused_rest_shows_the_time_it_had_left(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    act(client, session, "set_done", step=0, reps=12)
    paused = act(client, session, "pause", htmx=True)
    assert h1(paused) == "Paused"
    assert re.search(r"Rest left: (19|20) seconds", paused.content.decode())
    resumed = act(client, session, "resume", htmx=True)
    assert h1(resumed) == "Rest"


def test_the_screen_check_and_the_finish_cost_a_few_queries_whatever_the_history(
    client, owner, quick_routine, django_assert_max_num_queries
):
    client.force_login(owner)
    for _ in range(30):  # a month of earlier workouts
        earlier = start_over_http(client, quick_routine)
        do_sets(earlier)
    session = WorkoutSession.objects.filter(owner=owner).latest("started_at")
    assert session.state == State.COMPLETED
    with django_assert_max_num_queries(8):
        assert h1(player_page(client, session)) == "Workout complete"
    with django_assert_max_num_queries(8):
        assert check(client, session, session.version - 1).status_code == 200
    with django_assert_max_num_queries(6):
        assert check(client, session, session.version).status_code == 304
