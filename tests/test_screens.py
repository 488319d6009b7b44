"""What the player shows and says (sessions/screens.py), without a browser."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from sessions import actions, lifecycle, screens, voice
from sessions.finish import FinishReport, finish_report
from sessions.models import SetLog, State, WorkoutSession
from sessions.screens import Screen
from sessions.steps import plan_steps, session_plan
from sessions.voice import number_words, voice_for
from tests.helpers import do_sets, move_back, start


def at(session: WorkoutSession, position: int, phase: str = "set") -> screens.PlayerState:
    WorkoutSession.objects.filter(pk=session.pk).update(position=position, phase=phase)
    session.refresh_from_db()
    return screens.player_state(session)


# The voice script


def test_a_set_is_announced_with_its_number_target_hold_and_leg(full_routine):
    session = start(full_routine)
    assert voice_for(at(session, 0)).on_show == "Squat, set 1 of 3, 12 reps."
    # Step down, set 2, left (steps: 3 squats, then left/right pairs).
    assert voice_for(at(session, 5)).on_show == "Step down, set 2 of 3, 12 reps, left leg."
    assert voice_for(at(session, 9)).on_show == "Hip thrust, set 1 of 3, 12 reps, hold 3 seconds."


def test_the_last_set_of_an_exercise_and_of_the_workout_are_said(full_routine):
    session = start(full_routine)
    assert voice_for(at(session, 2)).on_show.endswith("set 3 of 3, 12 reps. Last set.")
    last = len(plan_steps(session_plan(session))) - 1
    assert voice_for(at(session, last)).on_show == (
        "Fire hydrant, set 3 of 3, 12 reps, hold 3 seconds, right leg. Last set of the workout."
    )


def test_a_rest_says_its_length_then_what_comes_next_and_counts_down(quick_routine):
    session = start(quick_routine)
    do_sets(session, 1)
    voice = voice_for(screens.player_state(session))
    assert voice.on_show == "Rest, 20 seconds."
    assert voice.next_up == "Next up: Squat, set 2 of 2, 12 reps."
    assert voice.countdown == ["Three", "Two", "One"]


def test_a_rest_before_a_per_side_exercise_names_the_leg(quick_routine):
    session = start(quick_routine)
    do_sets(session, 2)
    assert voice_for(screens.player_state(session)).next_up == (
        "Next up: Clamshell, 12 reps, left leg."  # one set: no "set 1 of 1"
    )


def test_switching_sides_names_the_other_leg(quick_routine):
    session = start(quick_routine)
    do_sets(session, 3)
    state = screens.player_state(session)
    assert state.screen == Screen.SWITCH
    assert voice_for(state).on_show == "Switch to your right leg."
    assert voice_for(state).next_up == ""


def test_get_ready_is_short_so_the_count_follows(quick_routine):
    voice = voice_for(screens.player_state(start(quick_routine)))
    assert voice.on_show == "Get ready: Squat."
    assert voice.countdown == ["Three", "Two", "One"]


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (12, "twelve"),
        (20, "twenty"),
        (45, "forty-five"),
        (100, "one hundred"),
    ],
)
def test_numbers_are_spoken_as_words(number, words):
    assert number_words(number) == words


def test_pacing_speaks_each_rep_number_then_hold_and_lower():
    beats = voice.pacing_schedule(reps=2, hold_seconds=3)
    assert [(b.phase, b.seconds, b.words) for b in beats] == [
        ("ready", 3, "Get into position."),
        ("lift", 1, "One"),
        ("hold", 3, "Hold"),
        ("lower", 2, "Lower"),
        ("lift", 1, "Two"),
        ("hold", 3, "Hold"),
        ("lower", 2, "Lower"),
    ]
    assert [b.phase for b in voice.pacing_schedule(reps=1, hold_seconds=0)] == [
        "ready",
        "lift",
        "lower",
    ]


def test_a_move_that_begins_going_down_is_paced_down_then_up():
    beats = voice.pacing_schedule(reps=1, hold_seconds=0, lower_first=True)
    assert [(b.phase, b.seconds, b.words, b.shown) for b in beats[1:]] == [
        ("lower", 2, "One", "Down"),
        ("lift", 1, "Up", "Up"),
    ]


# The finish screen


def finish(session: WorkoutSession) -> FinishReport:
    history = WorkoutSession.objects.for_browser(AnonymousUser(), [str(session.pk)])
    if session.owner_id:
        history = WorkoutSession.objects.filter(owner=session.owner)
    return finish_report(session, history=history, owner=session.owner)


def test_the_first_workout_has_nothing_to_compare_and_no_bests(quick_routine, owner):
    session = start(quick_routine, owner)
    do_sets(session)
    report = finish(session)
    # Left and right make one set: 2 squat + 1 clamshell + 1 fire hydrant + 2 hip thrust.
    assert (report.summary.sets, report.summary.reps) == (6, 88)
    assert report.compared == [] and report.bests == []
    assert report.streak == 1
    assert report.spoken() == ["Workout complete.", "6 sets, 88 reps."]


def test_the_finish_compares_with_the_last_completed_workout_of_the_same_routine(
    quick_routine, full_routine, owner
):
    before = start(quick_routine, owner)
    do_sets(before, reps=10)
    move_back(before, timedelta(days=3))
    other_routine = start(full_routine, owner)  # more recent, but another routine
    do_sets(other_routine, reps=5)
    move_back(other_routine, timedelta(days=2))
    unfinished = start(quick_routine, owner)  # more recent, but not completed
    do_sets(unfinished, 2, reps=1)
    lifecycle.end_session(unfinished)
    move_back(unfinished, timedelta(days=1))

    session = start(quick_routine, owner)
    do_sets(session, reps=12)
    report = finish(session)
    figures = {c.label: (c.now, c.before, c.shown) for c in report.compared}
    assert figures["Sets"] == (6, 6, "\N{PLUS-MINUS SIGN}0")
    assert figures["Reps"] == (96, 80, "+16")
    assert "16 more reps than last time." in report.spoken()
    assert report.streak == 4


def test_bests_beaten_name_the_exercise_and_the_old_figure(quick_routine, owner):
    before = start(quick_routine, owner)
    do_sets(before, reps=10)
    move_back(before, timedelta(days=1))
    session = start(quick_routine, owner)
    do_sets(session, 2, reps=12)  # the two squat sets beat last time
    do_sets(session, reps=10)  # the rest only equal it
    texts = [best.text for best in finish(session).bests]
    assert texts == [
        "Squat: most reps in one set, 12 (was 10); most reps in one workout, 24 (was 20)"
    ]
    assert "A new personal best." in finish(session).spoken()


def test_a_longer_hold_is_a_best(quick_routine, owner):
    before = start(quick_routine, owner)
    do_sets(before)
    move_back(before, timedelta(days=1))
    session = start(quick_routine, owner)
    do_sets(session, 6)  # up to the hip thrusts (hold 2 s)
    actions.change_hold(session, step=6, version=session.plan_version, hold_seconds=4)
    do_sets(session)
    assert "Hip thrust: longest hold, 4 s (was 2 s)" in [b.text for b in finish(session).bests]
    assert "New personal bests in" not in " ".join(finish(session).spoken())


def test_a_corrected_set_gives_a_fresh_report(quick_routine, owner, owner_client):
    from django.urls import reverse

    session = start(quick_routine, owner)
    do_sets(session, reps=10)
    assert finish(session).summary.reps == 80
    logged = SetLog.objects.filter(session=session).first()
    owner_client.post(reverse("history:set_edit", args=[logged.pk]), {"reps": "3"})
    session.refresh_from_db()
    assert finish(session).summary.reps == 73


def test_an_anonymous_workout_compares_within_the_browser_and_has_no_streak(quick_routine):
    before = start(quick_routine)
    do_sets(before, reps=10)
    move_back(before, timedelta(days=1))
    session = start(quick_routine)
    do_sets(session, reps=11)
    history = WorkoutSession.objects.for_browser(AnonymousUser(), [str(before.pk), str(session.pk)])
    report = finish_report(session, history=history)
    assert report.streak is None
    assert {c.label: c.change for c in report.compared}["Reps"] == 8
    assert session.state == State.COMPLETED


def test_bests_kept_workout_by_workout_start_again_after_a_change_to_the_past(quick_routine, owner):
    """Each summary reads only the workouts since the last one's; a set corrected in the
    history makes the next summary read them all again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def squat_bests(reps: int) -> tuple[list[str], str]:
        session = start(quick_routine, owner, replace=True)
        do_sets(session, reps=reps)
        owner.refresh_from_db()  # as the next request's user would be
        with CaptureQueriesContext(connection) as queries:
            texts = [b.text for b in finish(session).bests if b.text.startswith("Squat")]
        bests_sql = next(q["sql"] for q in queries if "MAX(" in q["sql"])
        return texts, bests_sql

    assert squat_bests(10)[0] == []
    assert squat_bests(12)[0] == [
        "Squat: most reps in one set, 12 (was 10); most reps in one workout, 24 (was 20)"
    ]
    texts, sql = squat_bests(11)
    assert texts == [] and '"started_at" >' in sql  # only the workouts since the last summary
    second = WorkoutSession.objects.order_by("started_at")[1]
    for logged in second.sets.filter(exercise__slug="squat"):
        logged.correct(9)
    texts, sql = squat_bests(12)  # beats the 11 of the third, now the best before it
    assert texts == [
        "Squat: most reps in one set, 12 (was 11); most reps in one workout, 24 (was 22)"
    ]
    assert '"started_at" >' not in sql


def test_the_streak_from_days_kept_for_the_day_follows_today_and_the_past(quick_routine, owner):
    for days_ago in (3, 2):
        done = start(quick_routine, owner, replace=True)
        do_sets(done)
        move_back(done, timedelta(days=days_ago))
    first_today = start(quick_routine, owner, replace=True)
    do_sets(first_today)
    owner.refresh_from_db()
    assert finish(first_today).streak == 3  # the days read once, kept
    again = start(quick_routine, owner, replace=True)
    do_sets(again)
    assert finish(again).streak == 3  # the kept days and today's
    WorkoutSession.objects.order_by("started_at").first().remove()  # three days ago
    owner.refresh_from_db()
    last = start(quick_routine, owner, replace=True)
    do_sets(last)
    assert finish(last).streak == 2
