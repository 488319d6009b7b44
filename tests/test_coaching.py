"""Coaching in the player: hold pacing, add a set, skip an exercise, the hold, cue settings."""

import json

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from sessions import actions, screens, voice
from sessions.models import SetLog, State, WorkoutSession
from sessions.steps import plan_steps, session_plan
from tests.helpers import (
    HTMX,
    act,
    attribute,
    begun,
    begun_over_http,
    do_sets,
    h1,
    player_page,
    start_over_http,
    text,
    the,
)


@pytest.mark.parametrize(("reps", "hold"), [(12, 3), (10, 0), (1, 10)])
def test_pacing_takes_a_lead_in_then_reps_times_up_hold_and_down(reps, hold):
    for lower_first in (False, True):
        beats = voice.pacing_schedule(reps=reps, hold_seconds=hold, lower_first=lower_first)
        held = 0 if lower_first else hold
        assert sum(b.seconds for b in beats) == voice.LEAD_IN_SECONDS + reps * (1 + held + 2)
        assert sum(b.phase == "lower" for b in beats) == reps


def test_adding_a_set_makes_it_set_n_of_m_plus_1_and_numbers_it_m_plus_1(quick_routine):
    session = begun(quick_routine)  # squat, 2 sets
    assert actions.add_set(session, step=0, version=0)
    assert not actions.add_set(session, step=0, version=0)  # the same tap again
    assert session_plan(session)[0].sets == 3
    do_sets(session, 3, reps=10)
    numbers = list(SetLog.objects.filter(item_position=0).values_list("set_number", flat=True))
    assert numbers == [1, 2, 3]
    assert screens.player_state(session).item.slug == "clamshell"


def test_adding_a_set_never_changes_the_routine(quick_routine):
    session = begun(quick_routine)
    actions.add_set(session, step=0, version=0)
    assert quick_routine.items.get(position=0).sets == 2


def test_skipping_an_exercise_logs_its_remaining_sets_as_skipped(full_routine):
    session = begun(full_routine)
    actions.log_set(session, step=0, reps=12)
    actions.end_rest(session, step=1)
    assert actions.skip_exercise(session, step=1)
    assert not actions.skip_exercise(session, step=1)
    rows = SetLog.objects.order_by("set_number")
    assert [(r.set_number, r.skipped, r.reps) for r in rows] == [
        (1, False, 12),
        (2, True, None),
        (3, True, None),
    ]
    state = screens.player_state(session)
    assert state.screen == screens.Screen.SET
    assert (state.item.slug, state.step.set_number, state.step.side) == ("step-down", 1, "left")


def test_skipping_the_last_exercise_completes_the_workout(quick_routine):
    session = begun(quick_routine)
    steps = plan_steps(session_plan(session))
    last_item_first_step = next(s.index for s in steps if s.item_position == 3)
    session.position = last_item_first_step
    session.phase = "set"
    session.save()
    assert actions.skip_exercise(session, step=last_item_first_step)
    assert session.state == State.COMPLETED


def test_changing_the_hold_applies_to_this_session_only(full_routine):
    session = begun(full_routine)
    steps = plan_steps(session_plan(session))
    hip_thrust = next(s.index for s in steps if s.item_position == 2)
    session.position = hip_thrust
    session.save()
    assert actions.change_hold(session, step=hip_thrust, version=0, hold_seconds=5)
    assert session_plan(session)[2].hold_seconds == 5
    assert full_routine.items.get(position=2).hold_seconds == 3


# Over HTTP


def test_set_screens_offer_pacing_with_its_schedule_and_words(client, full_routine):
    session = start_over_http(client, full_routine)
    WorkoutSession.objects.filter(pk=session.pk).update(position=9, phase="set")  # hip thrust
    beats = pace_me(player_page(client, session))
    assert ["hold", 3, "Hold", "Hold"] in beats
    WorkoutSession.objects.filter(pk=session.pk).update(position=0)  # squat: lift and lower
    squat = pace_me(player_page(client, session))
    assert "hold" not in [phase for phase, *_ in squat]
    assert squat[1] == ["lower", 2, "One", "Down"]  # after the lead-in, down first


def pace_me(response) -> list[list]:
    """The beats (phase, seconds, words, shown) the Pace me button carries."""
    button = the(response, "button", data_pace_start=True)
    assert text(button) == "Pace me"
    return [beat[1:] for beat in json.loads(attribute(button, "data-pace"))]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_add_a_set_over_http_is_idempotent(client, quick_routine, htmx):
    session = begun_over_http(client, quick_routine)
    first = act(client, session, "add_set", htmx, step=0, version=0)
    again = act(client, session, "add_set", htmx, step=0, version=0)
    assert first.status_code == again.status_code == (200 if htmx else 303)
    assert "Set 1 of 3" in player_page(client, session).content.decode()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_skip_exercise_over_http_is_idempotent(client, quick_routine, htmx):
    session = begun_over_http(client, quick_routine)
    act(client, session, "skip_exercise", htmx, step=0)
    act(client, session, "skip_exercise", htmx, step=0)
    assert SetLog.objects.filter(skipped=True).count() == 2
    assert h1(player_page(client, session)) == "Clamshell"


@pytest.mark.parametrize("hold", ["", "11", "-1", "two"])
def test_a_bad_hold_is_a_400_with_the_reason(client, full_routine, hold):
    session = start_over_http(client, full_routine)
    WorkoutSession.objects.filter(pk=session.pk).update(position=9, phase="set")
    response = act(client, session, "change_hold", step=9, version=0, hold_seconds=hold)
    assert response.status_code == 400
    assert "from 0 to 10" in response.content.decode()
    session.refresh_from_db()
    assert session.plan_version == 0


def test_cue_settings_are_kept_on_the_account(owner_client, owner, full_routine):
    response = owner_client.post(
        reverse("workouts:preferences"),
        {"sound_cues": "on", "voice_cues": "on", "next": "/workout/"},
        **HTMX,
    )
    assert response.status_code == 204
    owner.refresh_from_db()
    assert (owner.sound_cues, owner.voice_cues, owner.vibration_cues, owner.shortcuts) == (
        True,
        True,
        False,
        False,
    )
    session = start_over_http(owner_client, full_routine)
    html = player_page(owner_client, session).content.decode()
    assertInHTML('<input type="checkbox" name="voice_cues" data-setting="voice" checked>', html)
    assertInHTML('<input type="checkbox" name="shortcuts" data-setting="shortcuts">', html)


def test_cue_settings_without_javascript_redirect_back_but_never_elsewhere(owner_client):
    back = owner_client.post(reverse("workouts:preferences"), {"next": "/workout/"})
    assert back.status_code == 303 and back.url == "/workout/"
    away = owner_client.post(reverse("workouts:preferences"), {"next": "https://evil.example/"})
    assert away.url == reverse("workouts:start")


def test_anonymous_cue_settings_stay_in_the_browser(client, db):
    response = client.post(reverse("workouts:preferences"), {"voice_cues": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_voice_is_on_by_default(client, quick_routine):
    session = start_over_http(client, quick_routine)
    html = player_page(client, session).content.decode()
    assertInHTML('<input type="checkbox" name="voice_cues" data-setting="voice" checked>', html)
    assertInHTML('<input type="checkbox" name="sound_cues" data-setting="sound" checked>', html)
