"""hipdips.queries.PreparedQuery: the SQL made once gives what the queryset gives."""

from uuid import UUID

import pytest
from django.db.models import Q

from hipdips.queries import PreparedQuery
from sessions.models import WorkoutSession
from tests.helpers import begun, do_sets

BY_OWNER = PreparedQuery(
    lambda owner_id, pk: WorkoutSession.objects.filter(owner_id=owner_id, pk=pk),
    owner_id=(1, 2),
    pk=(UUID(int=1), UUID(int=2)),
)


def fields(session: WorkoutSession) -> dict:
    return {f.attname: getattr(session, f.attname) for f in WorkoutSession._meta.concrete_fields}


def test_the_rows_are_the_querysets_with_every_value_converted(
    owner, other, full_routine, django_assert_num_queries
):
    session = begun(full_routine, owner)
    do_sets(session, 2)
    begun(full_routine, other)
    expected = WorkoutSession.objects.get(pk=session.pk)
    BY_OWNER(owner_id=owner.pk, pk=session.pk)  # compiled here, once per database
    with django_assert_num_queries(1):
        (found,) = BY_OWNER(owner_id=owner.pk, pk=session.pk)
    assert fields(found) == fields(expected)
    assert found.started_at.tzinfo is not None and isinstance(found.pk, UUID)
    assert found.plan == expected.plan and found.last_reps == expected.last_reps
    # Saved like any instance read by the ORM: an update, not an insert.
    found.routine_name = "Renamed"
    found.save(update_fields=["routine_name"])
    assert WorkoutSession.objects.get(pk=session.pk).routine_name == "Renamed"


def test_each_call_sends_its_own_values(owner, other, full_routine):
    mine, theirs = begun(full_routine, owner), begun(full_routine, other)
    assert [s.pk for s in BY_OWNER(owner_id=owner.pk, pk=mine.pk)] == [mine.pk]
    assert BY_OWNER(owner_id=owner.pk, pk=theirs.pk) == []
    assert [s.pk for s in BY_OWNER(owner_id=other.pk, pk=theirs.pk)] == [theirs.pk]


def test_examples_that_cannot_find_their_place_are_refused(db):
    constant = PreparedQuery(lambda owner_id: WorkoutSession.objects.all(), owner_id=(1, 2))
    with pytest.raises(ValueError, match="place"):
        constant(owner_id=1)
    shaped = PreparedQuery(
        lambda ids: WorkoutSession.objects.filter(Q(pk__in=ids)),
        ids=([UUID(int=1)], [UUID(int=2), UUID(int=3)]),
    )
    with pytest.raises(ValueError, match="shape"):
        shaped(ids=[UUID(int=1)])
    with pytest.raises(TypeError):
        BY_OWNER(owner_id=1)


def test_a_values_query_gives_converted_rows_and_takes_datetimes(owner, full_routine):
    from datetime import UTC, datetime, timedelta

    session = begun(full_routine, owner)
    started = PreparedQuery(
        lambda owner_id, before: WorkoutSession.objects.filter(
            owner_id=owner_id, started_at__lt=before
        ).values_list("pk", "started_at"),
        owner_id=(1, 2),
        before=(datetime(2000, 1, 1, tzinfo=UTC), datetime(2001, 1, 1, tzinfo=UTC)),
    )
    later = session.started_at + timedelta(seconds=1)
    assert started.rows(owner_id=owner.pk, before=later) == [[session.pk, session.started_at]]
    assert started.rows(owner_id=owner.pk, before=session.started_at) == []
    with pytest.raises(TypeError, match="rows"):
        started(owner_id=owner.pk, before=later)


def test_a_prepared_update_changes_the_rows_of_each_call_only(owner, other):
    from django.db.models import F

    from hipdips.models import User
    from hipdips.queries import PreparedUpdate

    bump = PreparedUpdate(
        lambda user_id: User.objects.filter(pk=user_id),
        changes={"record_version": F("record_version") + 1},
        user_id=(1, 2),
    )
    assert bump(user_id=owner.pk) == 1 and bump(user_id=owner.pk) == 1
    assert bump(user_id=10**9) == 0
    versions = dict(User.objects.values_list("email", "record_version"))
    assert versions[owner.email] == owner.record_version + 2
    assert versions[other.email] == other.record_version
