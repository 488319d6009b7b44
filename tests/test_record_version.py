"""The version of a person's record: a field every write to their workouts moves, so the
cached history and progress cost the signed-in user's own two queries, however long the
history is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hipdips.models import User
from sessions import actions, lifecycle
from sessions.models import SetLog, WorkoutSession
from tests.helpers import begun, do_sets, start, workout

pytestmark = pytest.mark.django_db


def version_of(user: User) -> int:
    return User.objects.values_list("record_version", flat=True).get(pk=user.pk)


def moves(user: User, change) -> bool:
    before = version_of(user)
    change()
    return version_of(user) > before


def test_every_write_to_a_persons_workouts_moves_their_record_version(owner, quick_routine):
    assert moves(owner, lambda: begun(quick_routine, owner))
    session = WorkoutSession.objects.get()
    assert moves(owner, lambda: actions.log_set(session, step=0, reps=9))
    assert moves(owner, lambda: lifecycle.pause(session))
    assert moves(owner, lambda: lifecycle.resume(session))
    assert moves(owner, lambda: lifecycle.end_session(session))
    logged = SetLog.objects.select_related("session").get()
    assert moves(owner, lambda: logged.correct(7))
    assert moves(owner, logged.remove)
    assert not moves(owner, lambda: lifecycle.end_session(session))  # already ended
    assert moves(owner, session.remove)


def test_closing_a_session_left_alone_moves_the_owners_version(owner, quick_routine):
    session = start(quick_routine, owner)
    WorkoutSession.objects.filter(pk=session.pk).update(
        touched_at=timezone.now() - timedelta(hours=13)
    )
    assert moves(owner, lifecycle.close_stale_sessions)


def test_claiming_a_browsers_workouts_moves_the_accounts_version(owner, quick_routine):
    anonymous = start(quick_routine)
    do_sets(anonymous, 1)
    assert moves(
        owner, lambda: lifecycle.claim_sessions(user=owner, anonymous_ids=[str(anonymous.pk)])
    )


def test_another_persons_writes_leave_the_version_alone(owner, other, quick_routine):
    assert not moves(owner, lambda: workout(quick_routine, other, sets=2))


@pytest.mark.parametrize("url_name", ["history:list", "history:progress"])
def test_cached_figures_cost_the_session_and_the_user_alone(
    owner_client, owner, quick_routine, url_name, django_assert_num_queries
):
    workout(quick_routine, owner, sets=2)
    owner_client.get(reverse(url_name))
    with django_assert_num_queries(2):  # the login session and the user: the figures cached
        assert owner_client.get(reverse(url_name)).status_code == 200
    workout(quick_routine, owner, sets=1)
    with CaptureQueriesContext(connection) as queries:
        owner_client.get(reverse(url_name))
    assert len(queries) > 2  # a new workout: the figures are made again at once
