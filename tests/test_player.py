"""The guided player over HTTP, through DESIGN.md's contract, with and without htmx."""

import re
from io import StringIO
from uuid import uuid4

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from sessions.models import SetLog, State, WorkoutSession
from tests.helpers import (
    act,
    attribute,
    begun_over_http,
    elements,
    field,
    h1,
    log_in,
    player_page,
    sign_up,
    start,
    start_over_http,
    text,
    the,
)


def test_start_page_offers_every_routine_as_a_plain_post_form(client, db):
    html = client.get(reverse("workouts:start")).content.decode()
    assert "Start Full routine</button>" in html and "Start Quick routine</button>" in html
    assert "hx-post" not in html
    assert "About 8 min" in html


def test_home_links_to_the_start_and_offers_resume_while_a_session_is_open(client, quick_routine):
    home = client.get(reverse("home")).content.decode()
    links = elements(home, "a", href=reverse("workouts:start"))
    assert "Start workout" in [text(link) for link in links]
    assert "Resume workout" not in home
    session = start_over_http(client, quick_routine)
    home = client.get(reverse("home")).content.decode()
    assert "Resume workout" in home
    assert reverse("workouts:player", args=[session.pk]) in home


def run_whole_routine(client, routine, htmx: bool) -> WorkoutSession:
    """Press the buttons the screens offer until the end; check the contract on the way."""
    session = start_over_http(client, routine)
    response = player_page(client, session)
    assert h1(response) == "Get ready"
    assert "not medical advice" in response.content.decode()
    seen_sides = set()
    for _ in range(200):
        title = h1(response)
        html = response.content.decode()
        step = field(response, "step")
        if title == "Workout complete":
            break
        if title == "Get ready":
            assert "Begin</button>" in html
            response = act(client, session, "begin", htmx, step=step)
        elif title in ("Rest", "Switch sides"):
            assert "Skip rest</button>" in html and "Add 15 seconds</button>" in html
            response = act(client, session, "skip_rest", htmx, step=step)
        else:
            assert re.search(r"Set \d+ of \d+", html)
            assert text(the(html, "label", for_="reps")) == "Reps"
            seen_sides.update(text(side) for side in elements(html, "span", class_="side"))
            response = act(
                client, session, "set_done", htmx, step=step, reps=field(response, "reps")
            )
        if htmx:
            assert response.status_code == 200
            assert response.headers["Vary"].count("HX-Request")
            assert "<html" not in response.content.decode()
        else:
            assert response.status_code == 303
            response = player_page(client, session)
    assert h1(response) == "Workout complete"
    assert seen_sides == {"Left", "Right"}
    session.refresh_from_db()
    return session


@pytest.mark.parametrize("htmx", [False, True], ids=["plain forms", "htmx"])
def test_a_whole_full_routine(client, full_routine, htmx):
    session = run_whole_routine(client, full_routine, htmx)
    assert session.state == State.COMPLETED
    assert SetLog.objects.filter(session=session).count() == 30
    assert set(SetLog.objects.values_list("reps", flat=True)) == {12}


def test_set_n_of_m_is_counted_per_item_and_left_and_right_share_it(client, full_routine):
    session = begun_over_http(client, full_routine)
    for step in range(3):  # the squats
        act(client, session, "set_done", step=step, reps=10)
        act(client, session, "skip_rest", step=step + 1)
    left = player_page(client, session).content.decode()
    assert "Set 1 of 3" in left
    assertInHTML('<span class="side side-left">Left</span>', left)
    act(client, session, "set_done", step=3, reps=10)
    switch = player_page(client, session)
    assert h1(switch) == "Switch sides"
    assert ">Left<" not in switch.content.decode() and ">Right<" not in switch.content.decode()
    act(client, session, "skip_rest", step=4)
    right = player_page(client, session).content.decode()
    assert "Set 1 of 3" in right
    assertInHTML('<span class="side side-right">Right</span>', right)


def test_a_repeated_set_done_says_it_was_already_logged_and_writes_once(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    act(client, session, "set_done", step=0, reps=11)
    again = act(client, session, "set_done", htmx=True, step=0, reps=11)
    assert again.status_code == 200
    assert "That set was already logged." in again.content.decode()
    assert h1(again) == "Rest"
    assert SetLog.objects.count() == 1


def test_a_stale_tab_without_javascript_sees_the_message_after_the_redirect(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    act(client, session, "set_done", step=0, reps=11)
    stale = act(client, session, "set_done", step=0, reps=9)
    assert stale.status_code == 303
    assert "That set was already logged." in player_page(client, session).content.decode()
    assert SetLog.objects.get().reps == 11


@pytest.mark.parametrize("reps", ["", "abc", "-1", "101", "3.5", "1e3"])
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_bad_reps_get_a_400_with_the_reason_and_write_nothing(client, quick_routine, reps, htmx):
    session = begun_over_http(client, quick_routine)
    response = act(client, session, "set_done", htmx, step=0, reps=reps)
    assert response.status_code == 400
    assert "Reps must be a whole number from 0 to 100." in response.content.decode()
    assert h1(response) == "Squat"
    assert not SetLog.objects.exists()
    session.refresh_from_db()
    assert session.position == 0


@pytest.mark.parametrize("step", ["", "x", "-2"])
def test_a_missing_or_malformed_step_is_a_400(client, quick_routine, step):
    session = start_over_http(client, quick_routine)
    response = act(client, session, "begin", step=step)
    assert response.status_code == 400
    assert "reload the page" in response.content.decode()


def test_pause_then_resume_returns_to_the_set_without_get_ready(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    paused = act(client, session, "pause", htmx=True, step=0)
    html = paused.content.decode()
    assert ">Resume</button>" in html and ">Pause</button>" not in html
    assert "Set done</button>" not in html and "End workout</button>" in html
    resumed = act(client, session, "resume", htmx=True, step=0)
    assert h1(resumed) == "Squat"
    assert "Set done</button>" in resumed.content.decode()
    assert ">Pause</button>" in resumed.content.decode()


def test_end_workout_asks_on_a_page_of_ours_then_ends(client, quick_routine):
    session = start_over_http(client, quick_routine)
    confirm = client.get(reverse("workouts:end", args=[session.pk]))
    assert confirm.status_code == 200
    assert "Yes, end workout</button>" in confirm.content.decode()
    session.refresh_from_db()
    assert session.state == State.IN_PROGRESS
    ended = act(client, session, "end", htmx=True)
    assert h1(ended) == "Workout ended"
    session.refresh_from_db()
    assert session.state == State.ABANDONED


def test_starting_while_a_session_is_open_offers_resume_or_end_it(
    client, quick_routine, full_routine
):
    first = start_over_http(client, quick_routine)
    response = client.post(reverse("workouts:start"), {"routine": full_routine.pk})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Resume workout" in html and "End it and start</button>" in html
    act(client, first, "begin", step=0)
    act(client, first, "set_done", step=0, reps=9)
    replaced = client.post(reverse("workouts:start"), {"routine": full_routine.pk, "replace": "on"})
    assert replaced.status_code == 303
    first.refresh_from_db()
    assert first.state == State.ABANDONED  # kept, with its set


def test_replacing_a_session_with_nothing_logged_leaves_no_empty_row(client, quick_routine):
    first = start_over_http(client, quick_routine)
    client.post(reverse("workouts:start"), {"routine": quick_routine.pk, "replace": "on"})
    assert not WorkoutSession.objects.filter(pk=first.pk).exists()
    assert WorkoutSession.objects.count() == 1


@pytest.mark.parametrize("routine", ["", "abc", "1.5"])
def test_starting_without_a_routine_is_a_400_that_writes_nothing(client, db, routine):
    response = client.post(reverse("workouts:start"), {"routine": routine})
    assert response.status_code == 400
    assert "Choose a routine." in response.content.decode()
    assert not WorkoutSession.objects.exists()


def test_starting_an_unknown_routine_is_a_404(client, db):
    assert client.post(reverse("workouts:start"), {"routine": 99999}).status_code == 404
    assert not WorkoutSession.objects.exists()


def test_another_users_routine_cannot_be_started(client, other, owner):
    from exercises.models import Routine

    theirs = Routine.objects.create(owner=other, name="Theirs")
    client.force_login(owner)
    response = client.post(reverse("workouts:start"), {"routine": theirs.pk})
    assert response.status_code == 404
    assert not WorkoutSession.objects.exists()


# Whose session is it


ACTIONS = [
    "begin",
    "set_done",
    "skip_rest",
    "add_time",
    "pause",
    "resume",
    "end",
    "add_set",
    "skip_exercise",
    "change_hold",
]


def test_another_users_session_is_a_404_for_every_request(client, quick_routine, owner, other):
    client.force_login(owner)
    session = start_over_http(client, quick_routine)
    client.force_login(other)
    assert player_page(client, session).status_code == 404
    assert client.get(reverse("workouts:end", args=[session.pk])).status_code == 404
    for action in ACTIONS:
        assert act(client, session, action, step=0, reps=10).status_code == 404
    session.refresh_from_db()
    assert session.state == State.IN_PROGRESS and session.phase == "ready"


def test_another_browsers_anonymous_session_is_a_404(client, quick_routine, django_app_client):
    session = start_over_http(client, quick_routine)
    assert player_page(django_app_client, session).status_code == 404
    assert act(django_app_client, session, "begin", step=0).status_code == 404


def test_an_unknown_session_is_a_404(client, db):
    assert client.get(f"/workout/{uuid4()}/").status_code == 404
    assert client.get("/workout/not-a-uuid/").status_code == 404


def test_player_actions_are_post_only(client, quick_routine):
    session = start_over_http(client, quick_routine)
    url = reverse("workouts:set_done", args=[session.pk])
    assert client.get(url).status_code == 405


# Anonymous workouts are claimed


def test_signing_up_claims_this_browsers_workouts(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    act(client, session, "set_done", step=0, reps=12)
    sign_up(client, "new@example.com")
    session.refresh_from_db()
    assert session.owner.email == "new@example.com"
    assert player_page(client, session).status_code == 200


def test_logging_in_claims_and_keeps_one_open_session(client, quick_routine, owner):
    older = start(quick_routine, owner)
    session = start_over_http(client, quick_routine)
    log_in(client, owner.email)
    session.refresh_from_db()
    older.refresh_from_db()
    assert session.owner == owner and session.state == State.IN_PROGRESS
    assert older.state == State.ABANDONED


# Query counts


def test_player_page_and_actions_run_a_small_constant_number_of_queries(
    client, owner, full_routine, django_assert_max_num_queries
):
    client.force_login(owner)
    session = start_over_http(client, full_routine)
    with django_assert_max_num_queries(8):
        player_page(client, session)
    # The login session and the user; the session; the move (with the owner's record
    # version) and, for a set, its row. Nothing more for the next screen.
    with django_assert_max_num_queries(7):
        act(client, session, "begin", htmx=True, step=0)
    for step in range(3):
        with django_assert_max_num_queries(10):
            act(client, session, "set_done", htmx=True, step=step, reps=12)
        with django_assert_max_num_queries(7):
            act(client, session, "skip_rest", htmx=True, step=step + 1)
    with django_assert_max_num_queries(10):
        act(client, session, "set_done", step=3, reps=12)  # plain form: 303
    with django_assert_max_num_queries(8):  # the end the database worked out, read back
        act(client, session, "add_time", htmx=True, step=4, extensions=0)
    with django_assert_max_num_queries(7):
        act(client, session, "set_done", htmx=True, step=3, reps=12)  # already logged
    with django_assert_max_num_queries(8):
        player_page(client, session)


def test_the_cleanup_command_closes_stale_sessions(client, quick_routine):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    session = start_over_http(client, quick_routine)
    WorkoutSession.objects.filter(pk=session.pk).update(
        touched_at=timezone.now() - timedelta(hours=13)
    )
    call_command("cleanup", verbosity=0)
    session.refresh_from_db()
    assert session.state == State.ABANDONED
    assert h1(player_page(client, session)) == "Workout ended"


def test_a_double_tap_on_start_opens_one_session_and_both_answers_lead_to_it(client, quick_routine):
    client.get(reverse("workouts:start"))  # the browser's session cookie comes with the page
    first = client.post(reverse("workouts:start"), {"routine": quick_routine.pk})
    second = client.post(reverse("workouts:start"), {"routine": quick_routine.pk})
    assert first.status_code == second.status_code == 303
    assert first.url == second.url
    assert WorkoutSession.objects.count() == 1


def test_a_set_done_from_a_tab_that_missed_a_pause_is_kept(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    act(client, session, "pause", step=0)
    response = act(client, session, "set_done", htmx=True, step=0, reps=8)
    assert response.status_code == 200
    assert h1(response) == "Paused"
    assert SetLog.objects.get().reps == 8


def test_a_bad_hold_marks_the_hold_field_not_reps(client, full_routine):
    session = start_over_http(client, full_routine)
    WorkoutSession.objects.filter(pk=session.pk).update(position=9, phase="set")
    response = act(client, session, "change_hold", htmx=True, step=9, version=0, hold_seconds=99)
    hold = the(response, "input", id="hold_seconds")
    assert attribute(hold, "name") == "hold_seconds"
    assert attribute(hold, "aria-invalid") == "true"
    assert attribute(hold, "aria-describedby") == "hold_seconds_error"
    the(response, "p", id="hold_seconds_error")  # the reason, where the field points
    assert (attribute(hold, "min"), attribute(hold, "max")) == ("0", "10")  # the form's limits
    assert attribute(the(response, "input", id="reps"), "aria-invalid") is None


def test_the_cleanup_command_keeps_sqlites_planner_statistics(quick_routine, owner):
    from django.core.management import call_command
    from django.db import connection

    from tests.helpers import workout

    workout(quick_routine, owner, sets=2)

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        cursor.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 0
        call_command("cleanup", verbosity=0, stdout=StringIO())
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'workouts_setlog'")
        assert cursor.fetchone()[0] > 0
