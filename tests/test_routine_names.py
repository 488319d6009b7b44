"""One name per routine of an owner's, whatever the case: held by the database, numbered on
copies, shown as a form error, and made true of the rows a database already held."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pytest_django.asserts import assertContains

from exercises.models import Routine, free_name
from tests.helpers import migrate_to, run_at_once

pytestmark = pytest.mark.django_db

SAVE = {
    "action": "save",
    "items-TOTAL_FORMS": "1",
    "items-INITIAL_FORMS": "0",
    "items-0-exercise": "squat",
    "items-0-sets": "2",
    "items-0-reps_min": "10",
    "items-0-reps_max": "12",
    "items-0-hold_seconds": "0",
    "items-0-rest_seconds": "30",
}


def test_the_database_refuses_a_second_name_that_differs_only_in_case(owner, other):
    Routine.objects.create(owner=owner, name="Legs")
    Routine.objects.create(owner=other, name="legs")  # another person's: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Routine.objects.create(owner=owner, name="LEGS")


def test_copies_are_numbered_and_each_start_button_is_named_apart(
    owner_client, owner, full_routine
):
    for _ in range(3):
        owner_client.post(reverse("routines:copy", args=[full_routine.pk]))
    names = sorted(Routine.objects.filter(owner=owner).values_list("name", flat=True))
    assert names == ["Copy of Full routine", "Copy of Full routine (2)", "Copy of Full routine (3)"]
    assert all(r.items.count() == 6 for r in Routine.objects.filter(owner=owner))


def test_a_numbered_name_still_fits_the_field():
    long = "x" * 80
    taken = {long, long[:76] + " (2)"}
    assert free_name(long, taken) == long[:76] + " (3)"
    assert free_name("Legs", {"other"}) == "Legs"


def test_saving_a_taken_name_in_another_case_is_a_form_error_and_saves_nothing(owner_client, owner):
    Routine.objects.create(owner=owner, name="Morning")
    response = owner_client.post(reverse("routines:new"), {**SAVE, "name": "MORNING"})
    assert response.status_code == 400
    assertContains(response, "You already have a routine called “MORNING”.", status_code=400)
    assert Routine.objects.filter(owner=owner).count() == 1


def test_a_save_that_loses_the_race_for_a_name_gets_the_form_error(
    owner_client, owner, monkeypatch
):
    """The view's check passed, then another save took the name: the constraint decides."""
    from exercises import routine_views

    def taken_meanwhile(name_form, routine):
        Routine.objects.create(owner=owner, name=name_form.data["name"].upper())

    monkeypatch.setattr(routine_views, "_refuse_taken_name", taken_meanwhile)
    response = owner_client.post(reverse("routines:new"), {**SAVE, "name": "Evening"})
    assertContains(response, "You already have a routine called “Evening”.", status_code=400)
    assert list(Routine.objects.filter(owner=owner).values_list("name", flat=True)) == ["EVENING"]
    assertContains(response, "<h1>New routine</h1>", html=True, status_code=400)  # still new


@pytest.mark.django_db(transaction=True)
def test_two_copies_at_once_get_two_names(builtin_rows, owner):
    full = Routine.objects.get(name="Full routine", owner=None)
    copies = []
    run_at_once(lambda worker: copies.append(full.copy_for(owner)), workers=2)
    assert sorted(c.name for c in copies) == ["Copy of Full routine", "Copy of Full routine (2)"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_the_duplicates_a_database_already_holds(builtin_rows, owner, other):
    executor = MigrationExecutor(connection)
    before, after = (
        [("exercises", "0005_reviewed_texts")],
        [("exercises", "0006_routine_name_unique_per_owner")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("exercises", "Routine")
    for owner_id, name in [
        (owner.pk, "Legs"),
        (owner.pk, "legs"),
        (owner.pk, "LEGS"),
        (owner.pk, "Arms"),
        (other.pk, "Legs"),
    ]:
        old.objects.create(owner_id=owner_id, name=name)
    migrate_to(*after)
    migrate_to()
    mine = Routine.objects.filter(owner=owner).order_by("created_at", "id")
    assert list(mine.values_list("name", flat=True)) == ["Legs", "legs (2)", "LEGS (3)", "Arms"]
    assert Routine.objects.get(owner=other).name == "Legs"
