"""Each set carries its session's owner (a person's figures read their own sets by index):
written with the set, moved with a claimed workout, and filled in for the sets a database
already held."""

import pytest

from exercises.models import Routine
from hipdips.models import User
from sessions import lifecycle
from sessions.models import SetLog, WorkoutSession
from tests.helpers import do_sets, migrate_to, start, workout

pytestmark = pytest.mark.django_db


def test_a_set_is_written_with_its_sessions_owner(owner, quick_routine):
    workout(quick_routine, owner, sets=2)
    anonymous = start(quick_routine)
    do_sets(anonymous, 1)
    assert sorted(SetLog.objects.values_list("owner_id", flat=True), key=str) == sorted(
        [owner.pk, owner.pk, None], key=str
    )


def test_a_claimed_workouts_sets_move_to_the_account(owner, quick_routine):
    anonymous = start(quick_routine)
    do_sets(anonymous, 2)
    lifecycle.claim_sessions(user=owner, anonymous_ids=[str(anonymous.pk)])
    assert SetLog.objects.for_owner(owner).count() == 2
    assert not SetLog.objects.filter(owner__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_the_sets_a_database_held_their_sessions_owner(builtin_rows):
    before = [("workouts", "0005_pause_keeps_rest_and_version")]
    after = [("workouts", "0006_setlog_owner")]
    person = User.objects.create_user("held@example.com", "a-long-test-password-42")
    quick = Routine.objects.get(name="Quick routine", owner=None)
    kept = workout(quick, person, sets=2)
    anonymous = workout(quick, None, sets=1)
    migrate_to(*before)  # the column goes; the rows stay
    migrate_to(*after)
    migrate_to()
    owners = dict(SetLog.objects.values_list("session_id", "owner_id").distinct())
    assert owners == {kept.pk: person.pk, anonymous.pk: None}
    assert WorkoutSession.objects.count() == 2
