"""The rules of a workout, without HTTP (sessions/logic.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from exercises import plans
from exercises.models import Exercise, Routine, RoutineItem
from exercises.plans import PlanItem
from sessions import actions, finish, lifecycle, screens
from sessions.actions import Outcome
from sessions.models import Phase, SetLog, Side, State, WorkoutSession
from sessions.screens import Screen
from sessions.steps import plan_steps, session_plan
from tests.helpers import begun, do_sets, start, workout


def item(slug="squat", per_side=False, sets=3, reps_max=12, hold=0, rest=45) -> PlanItem:
    return PlanItem(
        exercise_id=1,
        slug=slug,
        name=slug,
        per_side=per_side,
        sets=sets,
        reps_min=10,
        reps_max=reps_max,
        hold_seconds=hold,
        rest_seconds=rest,
    )


# Steps and duration


def test_steps_go_left_then_right_within_each_set():
    steps = plan_steps([item("clamshell", per_side=True, sets=2)])
    assert [(s.set_number, s.side) for s in steps] == [
        (1, Side.LEFT),
        (1, Side.RIGHT),
        (2, Side.LEFT),
        (2, Side.RIGHT),
    ]
    assert [s.index for s in steps] == [0, 1, 2, 3]


def test_the_same_exercise_twice_in_a_plan_stays_two_items():
    steps = plan_steps([item("squat", sets=2), item("clamshell", sets=1), item("squat")])
    squats = [s for s in steps if s.item_position in (0, 2)]
    assert [(s.item_position, s.set_number) for s in squats] == [
        (0, 1),
        (0, 2),
        (2, 1),
        (2, 2),
        (2, 3),
    ]


def test_estimated_duration_counts_work_switches_and_rests_but_no_rest_after_the_last():
    # 12 reps x (1 + 2 + 2) s = 60 s a set; per side twice plus 10 s to switch.
    plan = [item("a", sets=2, hold=2, rest=30), item("b", per_side=True, sets=1, rest=20)]
    work = 2 * 60 + (2 * 12 * 3 + 10)
    rests = 2 * 30  # after both sets of a; none after b's only (and last) set
    assert plans.estimated_seconds(plan) == work + rests


def test_the_quick_routine_takes_about_eight_minutes(quick_routine):
    assert plans.estimated_seconds(plans.plan_for(quick_routine)) == 8 * 60


def test_the_full_routine_is_all_six_with_holds_on_three(full_routine):
    plan = plans.plan_for(full_routine)
    assert [p.slug for p in plan] == list(Exercise.objects.values_list("slug", flat=True))
    assert {p.slug for p in plan if p.hold_seconds == 3} == {
        "hip-thrust",
        "donkey-kick",
        "fire-hydrant",
    }
    assert all((p.sets, p.reps_min, p.reps_max, p.rest_seconds) == (3, 10, 12, 45) for p in plan)


# Starting


def test_a_session_keeps_its_plan_when_the_routine_changes_later(quick_routine):
    session = start(quick_routine)
    RoutineItem.objects.filter(routine=quick_routine).update(sets=9)
    session.refresh_from_db()
    assert [p.sets for p in session_plan(session)] == [2, 1, 1, 2]


def test_a_user_cannot_open_two_sessions(quick_routine, full_routine, owner):
    first = start(quick_routine, owner)
    with pytest.raises(lifecycle.OpenSessionExists) as raised:
        start(full_routine, owner)
    assert raised.value.session == first


def test_replacing_ends_the_open_session_and_keeps_its_sets(quick_routine, owner):
    first = start(quick_routine, owner)
    do_sets(first, 1)
    second = start(quick_routine, owner, replace=True)
    first.refresh_from_db()
    assert first.state == State.ABANDONED
    assert second.state == State.IN_PROGRESS
    assert SetLog.objects.filter(session=first).count() == 1


def test_an_anonymous_browser_also_gets_one_open_session(quick_routine):
    first = start(quick_routine)
    with pytest.raises(lifecycle.OpenSessionExists):
        lifecycle.start_session(
            routine=quick_routine, user=AnonymousUser(), anonymous_ids=[str(first.pk)]
        )


# The flow


def test_a_whole_routine_logs_one_row_per_set_and_side_and_completes(full_routine):
    session = start(full_routine)
    total = len(plan_steps(session_plan(session)))
    assert total == 3 + 6 + 3 + 6 + 6 + 6
    do_sets(session, total)
    assert session.state == State.COMPLETED
    assert session.finished_at is not None
    assert SetLog.objects.filter(session=session).count() == total
    assert screens.player_state(session).screen == Screen.COMPLETE


def test_after_a_left_set_comes_a_ten_second_switch_then_the_right(full_routine, clock):
    session = start(full_routine)
    do_sets(session, 3)  # the three squat sets
    actions.end_rest(session, step=session.position)
    assert screens.player_state(session).step.side == Side.LEFT
    actions.log_set(session, step=session.position, reps=10)
    state = screens.player_state(session)
    assert state.screen == Screen.SWITCH
    assert state.step.side == Side.RIGHT
    assert session.rest_ends_at == clock.now + timedelta(seconds=10)


def test_a_rest_follows_each_set_with_the_items_rest(full_routine, clock):
    session = start(full_routine)
    do_sets(session, 1)
    state = screens.player_state(session)
    assert state.screen == Screen.REST
    assert state.step.set_number == 2
    assert session.rest_ends_at == clock.now + timedelta(seconds=45)


def test_a_repeated_set_done_writes_nothing_and_says_so(quick_routine):
    session = begun(quick_routine)
    assert actions.log_set(session, step=0, reps=12) == Outcome.DONE
    assert actions.log_set(session, step=0, reps=12) == Outcome.ALREADY_LOGGED
    assert SetLog.objects.count() == 1
    assert session.position == 1


def test_a_set_done_for_a_step_not_reached_is_stale(quick_routine):
    session = begun(quick_routine)
    assert actions.log_set(session, step=3, reps=12) == Outcome.STALE
    assert actions.log_set(session, step=999, reps=12) == Outcome.STALE
    assert not SetLog.objects.exists()


def test_the_rest_can_end_early_but_only_once(quick_routine):
    session = start(quick_routine)
    do_sets(session, 1)
    assert actions.end_rest(session, step=1)
    assert not actions.end_rest(session, step=1)
    assert session.phase == Phase.SET


def test_adding_rest_time_twice_from_the_same_screen_adds_it_once(quick_routine):
    session = start(quick_routine)
    do_sets(session, 1)
    ends = session.rest_ends_at
    assert actions.add_rest_time(session, step=1, extensions=0)
    assert not actions.add_rest_time(session, step=1, extensions=0)
    assert session.rest_ends_at == ends + timedelta(seconds=15)
    assert actions.add_rest_time(session, step=1, extensions=1)
    assert session.rest_ends_at == ends + timedelta(seconds=30)


def test_pause_and_resume_leave_the_paused_time_out_of_the_active_time(quick_routine, clock):
    session = start(quick_routine)
    clock.advance(60)
    actions.begin(session, step=0)
    clock.advance(30)
    assert lifecycle.pause(session)
    assert not lifecycle.pause(session)
    clock.advance(300)
    assert lifecycle.resume(session)
    assert not lifecycle.resume(session)
    assert (session.paused_seconds, session.paused_at) == (300, None)
    assert screens.player_state(session).screen == Screen.SET  # the set it left, no Get ready
    clock.advance(45)
    lifecycle.end_session(session)
    session.refresh_from_db()
    assert session.active_seconds == 60 + 30 + 45  # 435 s from start to end, 300 s paused
    assert finish.summarize(session).active_seconds == 135


@pytest.mark.parametrize("ended_by", ["end workout", "the last set"])
def test_a_pause_still_running_when_the_workout_ends_is_left_out_too(
    quick_routine, clock, ended_by
):
    session = start(quick_routine)
    do_sets(session, 7)
    actions.end_rest(session, step=7)  # hip thrust, set 2 of 2: the last step
    clock.advance(100)
    assert lifecycle.pause(session)
    clock.advance(200)
    if ended_by == "end workout":
        assert lifecycle.end_session(session)
    else:  # from a tab that had not seen the pause
        assert actions.log_set(session, step=7, reps=10) == Outcome.DONE
        assert session.state == State.COMPLETED
    session.refresh_from_db()
    assert (session.paused_seconds, session.paused_at) == (200, None)
    assert session.active_seconds == 100


def test_ending_keeps_the_session_as_unfinished(quick_routine):
    session = start(quick_routine)
    do_sets(session, 2)
    assert lifecycle.end_session(session)
    assert not lifecycle.end_session(session)
    assert session.get_state_display() == "Unfinished"
    assert screens.player_state(session).screen == Screen.ENDED
    assert finish.summarize(session).sets == 2


def test_summary_counts_sets_and_reps_per_exercise(quick_routine):
    session = start(quick_routine)
    do_sets(session, 3, reps=10)
    summary = finish.summarize(session)
    assert summary.sets == 3 and summary.reps == 30
    assert [(e.name, e.sets) for e in summary.exercises] == [("Squat", 2), ("Clamshell", 1)]


# Last time's numbers


def test_reps_are_prefilled_from_last_time_then_from_the_top_of_the_range(quick_routine, owner):
    first = start(quick_routine, owner)
    do_sets(first, 1, reps=7)
    lifecycle.end_session(first)
    second = start(quick_routine, owner)
    actions.begin(second, step=0)
    state = screens.player_state(second)
    assert screens.suggested_reps(second, state.step, state.item) == (7, 7)
    do_sets(second, 1)
    actions.end_rest(second, step=1)
    state = screens.player_state(second)  # squat set 2: never done before
    assert screens.suggested_reps(second, state.step, state.item) == (12, None)


def test_another_users_sets_are_not_last_time(quick_routine, owner, other):
    first = start(quick_routine, other)
    do_sets(first, 1, reps=3)
    session = start(quick_routine, owner)
    state = screens.player_state(session)
    assert screens.suggested_reps(session, state.step, state.item) == (12, None)


# Left alone, claimed, cleaned up


def test_a_session_untouched_for_12_hours_closes_at_its_last_set(quick_routine):
    session = start(quick_routine)
    do_sets(session, 1)
    last_set_at = SetLog.objects.get().logged_at
    later = timezone.now() + timedelta(hours=12, minutes=1)
    assert lifecycle.close_stale_sessions(now=later) == 1
    session.refresh_from_db()
    assert session.state == State.ABANDONED
    assert session.finished_at == last_set_at


def test_a_recent_session_is_not_closed(quick_routine):
    start(quick_routine)
    assert lifecycle.close_stale_sessions(now=timezone.now() + timedelta(hours=11)) == 0


def test_unclaimed_anonymous_sessions_go_after_30_days(quick_routine, owner):
    anonymous = start(quick_routine)
    do_sets(anonymous, 1)
    lifecycle.end_session(anonymous)
    owned = start(quick_routine, owner)
    later = timezone.now() + timedelta(days=31)
    assert lifecycle.delete_unclaimed_sessions(now=later) == 1
    assert list(WorkoutSession.objects.all()) == [owned]
    assert not SetLog.objects.exists()


def test_claiming_moves_a_browsers_sessions_to_the_user(quick_routine, owner):
    done = start(quick_routine)
    lifecycle.end_session(done)
    open_one = start(quick_routine)
    claimed = lifecycle.claim_sessions(user=owner, anonymous_ids=[str(done.pk), str(open_one.pk)])
    assert claimed == 2
    assert set(WorkoutSession.objects.filter(owner=owner)) == {done, open_one}


def test_claiming_when_the_user_has_an_open_session_ends_the_older(quick_routine, owner):
    older = start(quick_routine, owner)
    WorkoutSession.objects.filter(pk=older.pk).update(
        touched_at=timezone.now() - timedelta(hours=1)
    )
    newer = start(quick_routine)
    lifecycle.claim_sessions(user=owner, anonymous_ids=[str(newer.pk)])
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.state == State.ABANDONED
    assert newer.state == State.IN_PROGRESS and newer.owner == owner


def test_claiming_never_takes_another_users_session(quick_routine, owner, other):
    theirs = start(quick_routine, other)
    assert lifecycle.claim_sessions(user=owner, anonymous_ids=[str(theirs.pk)]) == 0
    theirs.refresh_from_db()
    assert theirs.owner == other


def test_routines_visible_to_a_user_are_the_builtins_and_their_own(owner, other):
    mine = Routine.objects.create(owner=owner, name="Mine")
    Routine.objects.create(owner=other, name="Theirs")
    names = set(Routine.objects.visible_to(owner).values_list("name", flat=True))
    assert names == {"Full routine", "Quick routine", mine.name}


# Other tabs, double taps, and sessions left alone


def test_a_set_done_after_another_tab_paused_is_still_logged(quick_routine):
    session = begun(quick_routine)
    stale_tab = WorkoutSession.objects.get(pk=session.pk)
    lifecycle.pause(session)
    assert actions.log_set(stale_tab, step=0, reps=11) == Outcome.DONE
    assert SetLog.objects.get().reps == 11
    stale_tab.refresh_from_db()
    assert (stale_tab.state, stale_tab.position, stale_tab.phase) == (State.PAUSED, 1, Phase.REST)
    # The whole rest waits for the resume.
    assert stale_tab.rest_left_seconds == 20
    lifecycle.resume(stale_tab)
    assert screens.player_state(stale_tab).screen == Screen.REST


def test_resume_in_a_rest_continues_with_the_time_that_was_left(quick_routine, clock):
    session = begun(quick_routine)
    actions.log_set(session, step=0, reps=12)  # a 20 s rest
    clock.advance(6.6)
    assert lifecycle.pause(session)
    assert session.rest_left_seconds == 14  # 13.4 s: a started second counts
    assert screens.player_state(session).rest_left_seconds == 14
    clock.advance(180)
    assert lifecycle.resume(session)
    state = screens.player_state(session)
    assert state.screen == Screen.REST
    assert state.rest_ends_at == clock.now + timedelta(seconds=14)


def test_pause_in_a_switch_sides_countdown_resumes_the_switch(full_routine, clock):
    session = start(full_routine)
    do_sets(session, 4)  # the three squats, then step down, left
    assert screens.player_state(session).screen == Screen.SWITCH
    clock.advance(3)
    lifecycle.pause(session)
    clock.advance(60)
    lifecycle.resume(session)
    state = screens.player_state(session)
    assert state.screen == Screen.SWITCH
    assert state.rest_ends_at == clock.now + timedelta(seconds=7)


def test_a_pause_does_not_lose_seconds_another_tab_added(quick_routine, clock):
    session = start(quick_routine)
    do_sets(session, 1)
    stale_tab = WorkoutSession.objects.get(pk=session.pk)
    assert actions.add_rest_time(session, step=1, extensions=0)
    assert lifecycle.pause(stale_tab)
    assert stale_tab.rest_left_seconds == 20 + 15


def test_every_move_bumps_the_version_and_a_refused_one_does_not(quick_routine):
    session = start(quick_routine)
    versions = [session.version]
    actions.begin(session, step=0)
    versions.append(session.version)
    assert not actions.begin(session, step=0)  # refused: already begun
    versions.append(session.version)
    actions.log_set(session, step=0, reps=12)
    versions.append(session.version)
    actions.add_rest_time(session, step=1, extensions=0)
    versions.append(session.version)
    assert versions == [0, 1, 1, 2, 3]
    assert WorkoutSession.objects.get(pk=session.pk).version == 3


def test_a_set_done_after_another_tab_paused_and_resumed_is_still_logged(quick_routine):
    session = begun(quick_routine)
    stale_tab = WorkoutSession.objects.get(pk=session.pk)
    lifecycle.pause(session)
    lifecycle.resume(session)
    assert actions.log_set(stale_tab, step=0, reps=9) == Outcome.DONE
    assert screens.player_state(stale_tab).screen == Screen.REST


def test_a_set_added_in_another_tab_is_not_overtaken_by_a_skip(quick_routine):
    session = begun(quick_routine)
    tab_a, tab_b = (WorkoutSession.objects.get(pk=session.pk) for _ in "ab")
    assert actions.add_set(tab_b, step=0, version=0)
    assert not actions.skip_exercise(tab_a, step=0)  # planned on the old plan: refused
    assert not SetLog.objects.exists()
    assert actions.skip_exercise(WorkoutSession.objects.get(pk=session.pk), step=0)
    assert SetLog.objects.filter(skipped=True).count() == 3  # all three squat sets


def test_a_set_done_on_an_old_plan_is_applied_to_the_new_one(quick_routine):
    session = begun(quick_routine)
    actions.log_set(session, step=0, reps=10)
    actions.end_rest(session, step=1)
    tab_a, tab_b = (WorkoutSession.objects.get(pk=session.pk) for _ in "ab")
    actions.add_set(tab_b, step=1, version=0)  # squat: 3 sets now
    assert actions.log_set(tab_a, step=1, reps=10) == Outcome.DONE
    state = screens.player_state(tab_a)
    assert (state.item.slug, state.step.set_number, state.screen) == ("squat", 3, Screen.REST)


def test_a_plan_change_from_a_stale_step_is_refused(quick_routine):
    session = begun(quick_routine)
    stale_tab = WorkoutSession.objects.get(pk=session.pk)
    actions.log_set(session, step=0, reps=10)
    assert not actions.change_hold(stale_tab, step=0, version=0, hold_seconds=5)


def test_a_session_left_for_12_hours_is_not_offered_and_closes_at_its_last_set(
    quick_routine, owner
):
    session = start(quick_routine, owner)
    do_sets(session, 1)
    hours_ago = timezone.now() - timedelta(hours=13)
    WorkoutSession.objects.filter(pk=session.pk).update(touched_at=hours_ago)
    SetLog.objects.update(logged_at=hours_ago)
    assert lifecycle.open_session_for(owner, []) is None
    session.refresh_from_db()
    assert session.state == State.ABANDONED and session.finished_at == hours_ago
    assert start(quick_routine, owner).state == State.IN_PROGRESS


def test_two_anonymous_starts_from_one_browser_open_one_session(quick_routine):
    first = lifecycle.start_session(
        routine=quick_routine, user=AnonymousUser(), anonymous_ids=[], browser_key="k1"
    )
    with pytest.raises(lifecycle.OpenSessionExists) as raised:
        lifecycle.start_session(
            routine=quick_routine, user=AnonymousUser(), anonymous_ids=[], browser_key="k1"
        )
    assert raised.value.session == first
    assert lifecycle.is_same_start(raised.value.session, quick_routine)


def test_a_tab_that_missed_added_seconds_does_not_end_the_longer_rest(quick_routine):
    session = start(quick_routine)
    do_sets(session, 1)
    stale_tab = WorkoutSession.objects.get(pk=session.pk)
    assert actions.add_rest_time(session, step=1, extensions=0)
    assert not actions.end_rest(stale_tab, step=1, extensions=0)  # its timer ran out at 20 s
    assert screens.player_state(stale_tab).screen == Screen.REST
    assert actions.end_rest(stale_tab, step=1, extensions=1)


def test_a_resume_made_on_a_stale_copy_still_resumes_the_rest_that_waits(quick_routine, clock):
    session = begun(quick_routine)
    lifecycle.pause(session)
    stale_copy = WorkoutSession.objects.get(pk=session.pk)
    other_tab = WorkoutSession.objects.get(pk=session.pk)
    assert actions.log_set(other_tab, step=0, reps=10) == Outcome.DONE  # logged while paused
    clock.advance(30)
    assert lifecycle.resume(stale_copy)
    state = screens.player_state(stale_copy)
    assert state.screen == Screen.REST
    assert state.rest_ends_at == clock.now + timedelta(seconds=20)


def test_a_session_paused_in_a_rest_before_rests_kept_their_time_resumes_at_the_set(
    quick_routine,
):
    session = start(quick_routine)
    do_sets(session, 1)
    WorkoutSession.objects.filter(pk=session.pk).update(
        state=State.PAUSED, paused_at=timezone.now(), rest_left_seconds=None
    )
    session.refresh_from_db()
    assert lifecycle.resume(session)
    assert screens.player_state(session).screen == Screen.SET


def test_pause_and_resume_from_a_tab_that_is_behind_change_nothing(quick_routine):
    session = start(quick_routine)
    do_sets(session, 1)
    assert not lifecycle.pause(session, step=0)
    assert lifecycle.pause(session, step=1)
    assert not lifecycle.resume(session, step=0)
    assert lifecycle.resume(session, step=1)


def test_last_time_looks_back_over_the_recent_workouts_only(quick_routine, owner):
    """Read at the start from the person's newest workouts by their index, not every set of
    theirs; a set that lands among them later counts from the next workout on."""
    from sessions.screens import RECENT_WORKOUTS

    workout(quick_routine, owner, sets=1, reps=5, when=timezone.now() - timedelta(days=90))
    for days in range(RECENT_WORKOUTS, 0, -1):
        workout(quick_routine, owner, sets=0, when=timezone.now() - timedelta(days=days))
    session = begun(quick_routine, owner)
    state = screens.player_state(session)
    assert screens.suggested_reps(session, state.step, state.item) == (12, None)
    SetLog.objects.filter(reps=5).update(session=WorkoutSession.objects.order_by("-started_at")[1])
    session.refresh_from_db()
    assert screens.suggested_reps(session, state.step, state.item) == (12, None)
    lifecycle.end_session(session)
    again = begun(quick_routine, owner)
    assert screens.suggested_reps(again, state.step, state.item) == (5, 5)
