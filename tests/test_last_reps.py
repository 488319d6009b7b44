"""Last time's reps are read once, when a workout starts, so a set screen asks the database
nothing for them; workouts already open when this came in get theirs from the migration."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exercises.models import Routine
from hipdips.models import User
from sessions import screens
from tests.helpers import begun, migrate_to, workout

pytestmark = pytest.mark.django_db


def test_a_set_screen_reads_last_time_without_a_query(
    quick_routine, owner, django_assert_num_queries
):
    workout(quick_routine, owner, sets=1, reps=7)
    session = begun(quick_routine, owner)
    state = screens.player_state(session)
    with django_assert_num_queries(0):
        assert screens.suggested_reps(session, state.step, state.item) == (7, 7)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's plans: make bench-scale, on big tables"
)
def test_starting_reads_last_time_by_the_persons_workouts_not_everyones_sets(
    full_routine, owner, other
):
    for _ in range(3):
        workout(full_routine, other)
    workout(full_routine, owner, sets=2, reps=9)
    with CaptureQueriesContext(connection) as queries:
        last = screens.last_time_reps(
            owner_id=owner.pk, anonymous_ids=[], before=timezone.now(), exercise_ids={1, 2}
        )
    assert set(last.values()) == {9}
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {queries[0]['sql']}")
        plan = " ".join(row[-1] for row in cursor.fetchall())
    # Not the index of the exercises' sets, which holds everybody's.
    assert "workouts_setlog USING INDEX workouts_setlog_session_id" in plan, plan


@pytest.mark.django_db(transaction=True)
def test_the_migration_reads_last_time_for_the_workouts_open_at_the_time(builtin_rows):
    before = [("workouts", "0006_setlog_owner")]
    after = [("workouts", "0007_last_reps_read_at_start")]
    person = User.objects.create_user("held@example.com", "a-long-test-password-42")
    quick = Routine.objects.get(name="Quick routine", owner=None)
    workout(quick, person, sets=1, reps=7)
    open_one = begun(quick, person)
    migrate_to(*before)  # the column goes
    migrate_to(*after)
    migrate_to()
    open_one.refresh_from_db()
    state = screens.player_state(open_one)
    assert screens.suggested_reps(open_one, state.step, state.item) == (7, 7)


def test_a_start_reads_older_workouts_only_when_the_newest_lacks_a_step(
    quick_routine, full_routine, owner
):
    """After years of the same routine, the newest workout holds every step: one read of
    its sets. A step it lacks sends the start back over the recent workouts."""
    from exercises.plans import plan_for

    workout(full_routine, owner, reps=8, when=timezone.now() - timezone.timedelta(days=3))
    workout(quick_routine, owner, reps=10, when=timezone.now() - timezone.timedelta(days=2))
    workout(quick_routine, owner, reps=11)

    def read(routine) -> tuple[dict[str, int], list[str]]:
        plan = plan_for(routine)
        with CaptureQueriesContext(connection) as queries:
            found = screens.last_time_reps(
                owner_id=owner.pk,
                anonymous_ids=[],
                before=timezone.now(),
                exercise_ids={item.exercise_id for item in plan},
                wanted=screens.plan_keys(plan),
            )
        return found, [query["sql"] for query in queries]

    quick, reads = read(quick_routine)
    assert len(reads) == 1 and "LIMIT 1)" in reads[0] and set(quick.values()) == {11}
    assert quick.keys() == screens.plan_keys(plan_for(quick_routine))
    full, reads = read(full_routine)
    assert len(reads) == 2 and full.keys() == screens.plan_keys(plan_for(full_routine))
    # The Quick routine's exercises from its newest workout, the rest from the Full one.
    assert set(full.values()) == {8, 11}
