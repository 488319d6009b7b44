"""Your own routines: build, reorder, tune, copy and delete; built-ins stay read-only."""

import pytest
from django.urls import reverse

from exercises import editor, plans
from exercises.models import Exercise, Routine
from sessions.models import WorkoutSession
from sessions.steps import session_plan
from tests.helpers import attribute, elements, own_routine, the

pytestmark = pytest.mark.django_db


def item(slug="squat", sets="3", low="10", high="12", hold="0", rest="45") -> dict:
    return {
        "exercise": slug,
        "sets": sets,
        "reps_min": low,
        "reps_max": high,
        "hold_seconds": hold,
        "rest_seconds": rest,
    }


def post_data(name="My routine", items=(), action="save", **extra) -> dict:
    data = {
        "name": name,
        "action": action,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, row in enumerate(items):
        for key, value in row.items():
            data[f"items-{index}-{key}"] = value
    return data


# The editor's rows, without HTTP


def test_rows_move_up_and_down_and_stay_put_at_the_ends():
    rows = [item("squat"), item("clamshell"), item("fire-hydrant")]
    assert [r["exercise"] for r in editor.apply_action(rows, "up-2", new_exercise=None)] == [
        "squat",
        "fire-hydrant",
        "clamshell",
    ]
    assert editor.apply_action(rows, "up-0", new_exercise=None) == rows
    assert editor.apply_action(rows, "down-2", new_exercise=None) == rows
    assert editor.apply_action(rows, "remove-1", new_exercise=None) == [rows[0], rows[2]]
    assert editor.apply_action(rows, "remove-9", new_exercise=None) == rows
    assert editor.apply_action(rows, "nonsense", new_exercise=None) == rows


def test_a_move_with_a_number_too_long_to_parse_changes_nothing_and_is_no_500(owner_client):
    rows = [item("squat"), item("clamshell")]
    assert editor.apply_action(rows, "up-" + "9" * 4301, new_exercise=None) == rows
    response = owner_client.post(
        reverse("routines:new"), post_data(items=rows, action="up-" + "9" * 4301)
    )
    assert response.status_code == 200
    assert not Routine.objects.filter(owner__isnull=False).exists()


def test_a_new_row_takes_the_exercises_defaults():
    thrust = Exercise.objects.get(slug="hip-thrust")
    rows = editor.apply_action([], "add", new_exercise=thrust)
    assert rows == [item("hip-thrust", hold="3")]


# Over HTTP


def test_the_list_shows_builtins_and_own_routines_with_duration_sets_and_equipment(
    owner_client, owner, other
):
    Routine.objects.create(owner=owner, name="Mine")
    Routine.objects.create(owner=other, name="Theirs")
    html = owner_client.get(reverse("routines:list")).content.decode()
    assert "Full routine" in html and "Quick routine" in html and "Mine" in html
    assert "Theirs" not in html
    assert "About 42 min" in html and "6 exercises, 18 sets" in html
    assert "Needs a bench or couch, a step" in html
    assert "Start Full routine</button>" in html


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_building_a_routine_with_the_same_exercise_twice(owner_client, owner, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    rows = [item("squat", sets="2"), item("clamshell"), item("squat", sets="1")]
    response = owner_client.post(reverse("routines:new"), post_data(items=rows), **headers)
    if htmx:
        assert response.headers["HX-Redirect"] == reverse("routines:list")
    else:
        assert response.status_code == 303
    routine = Routine.objects.get(owner=owner)
    assert [(i.exercise.slug, i.sets) for i in routine.items.all()] == [
        ("squat", 2),
        ("clamshell", 3),
        ("squat", 1),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (item(sets="0"), "Sets must be a whole number from 1 to 10."),
        (item(sets="11"), "Sets must be a whole number from 1 to 10."),
        (item(low="12", high="10"), "Reps to must be at least Reps from."),
        (item(high="51"), "Reps must be a whole number from 1 to 50."),
        (item(low="x"), "Reps must be a whole number from 1 to 50."),
        (item(slug="hip-thrust", hold="11"), "The hold must be a whole number from 0 to 10."),
        (item(slug="squat", hold="2"), "Squat has no hold: set it to 0."),
        (item(rest="301"), "Rest must be a whole number from 0 to 300."),
        (item(slug="burpee"), "Choose one of the exercises in the list."),
    ],
)
def test_every_bad_value_is_shown_next_to_its_field_and_nothing_is_saved(
    owner_client, owner, row, message
):
    rows = [item("clamshell"), row]
    response = owner_client.post(reverse("routines:new"), post_data(items=rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "nothing is saved until they are right" in html
    assert not Routine.objects.filter(owner=owner).exists()


def test_an_empty_routine_or_a_nameless_one_cannot_be_saved(owner_client, owner):
    empty = owner_client.post(reverse("routines:new"), post_data(items=[]))
    assert empty.status_code == 400
    assert "A routine needs at least one exercise." in empty.content.decode()
    nameless = owner_client.post(reverse("routines:new"), post_data(name="", items=[item()]))
    assert "Give the routine a name." in nameless.content.decode()
    assert not Routine.objects.filter(owner=owner).exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_moving_adding_and_removing_rows_saves_nothing_until_save(owner_client, owner, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    rows = [item("squat"), item("clamshell")]
    moved = owner_client.post(
        reverse("routines:new"), post_data(items=rows, action="up-1"), **headers
    )
    assert moved.status_code == 200
    html = moved.content.decode()
    chosen = [
        attribute(the(select, "option", selected=True), "value")
        for select in elements(html, "select")
        if attribute(select, "name").endswith("-exercise")
    ]
    assert chosen == ["clamshell", "squat"]
    assert ("<html" in html) != htmx
    added = owner_client.post(
        reverse("routines:new"),
        post_data(items=rows, action="add", new_exercise="fire-hydrant"),
        **headers,
    )
    assert "Exercise 3" in added.content.decode()
    assert not Routine.objects.filter(owner=owner).exists()


def test_the_estimate_follows_the_rows_with_the_same_function_as_the_start_screen(
    owner_client, full_routine
):
    rows = [
        editor.row_for(i.exercise) | {"hold_seconds": str(i.hold_seconds)}
        for i in full_routine.items.all()
    ]
    response = owner_client.post(
        reverse("routines:new"), post_data(items=rows, action="estimate"), HTTP_HX_REQUEST="true"
    )
    expected = plans.estimated_minutes(plans.plan_for(full_routine))
    assert f"<strong>{expected} min</strong>" in response.content.decode()
    assert "<form" not in response.content.decode()


def test_editing_a_routine_never_changes_a_started_session(owner_client, owner):
    owner_client.post(reverse("routines:new"), post_data(items=[item("squat", sets="2")]))
    routine = Routine.objects.get(owner=owner)
    owner_client.post(reverse("workouts:start"), {"routine": routine.pk})
    session = WorkoutSession.objects.get()
    owner_client.post(
        reverse("routines:edit", args=[routine.pk]),
        post_data(name="Changed", items=[item("clamshell", sets="5")]),
    )
    session.refresh_from_db()
    assert [(p.slug, p.sets) for p in session_plan(session)] == [("squat", 2)]
    assert session.routine_name == "My routine"
    owner_client.post(reverse("routines:delete", args=[routine.pk]))
    session.refresh_from_db()
    assert session.routine is None and session_plan(session)[0].slug == "squat"


def test_a_workout_started_after_an_edit_follows_the_saved_routine(owner_client, owner):
    owner_client.post(reverse("routines:new"), post_data(items=[item("squat", sets="2")]))
    routine = Routine.objects.get(owner=owner)
    for items in ([item("squat", sets="2")], [item("clamshell", sets="5"), item("squat")]):
        owner_client.post(reverse("routines:edit", args=[routine.pk]), post_data(items=items))
        owner_client.post(reverse("workouts:start"), {"routine": routine.pk, "replace": "on"})
        session = WorkoutSession.objects.latest("started_at")
        planned = [(p.slug, p.sets) for p in session_plan(session)]
        assert planned == [(row["exercise"], int(row["sets"])) for row in items]


def test_copying_a_builtin_makes_an_editable_routine_of_your_own(owner_client, owner, full_routine):
    response = owner_client.post(reverse("routines:copy", args=[full_routine.pk]))
    copy = Routine.objects.get(owner=owner)
    assert response.status_code == 303 and response.url == reverse("routines:edit", args=[copy.pk])
    assert copy.name == "Copy of Full routine" and copy.items.count() == 6
    assert owner_client.get(response.url).status_code == 200


def test_builtins_are_read_only(owner_client, full_routine):
    assert owner_client.get(reverse("routines:edit", args=[full_routine.pk])).status_code == 404
    assert owner_client.post(reverse("routines:delete", args=[full_routine.pk])).status_code == 404
    assert Routine.objects.filter(pk=full_routine.pk).exists()


def test_another_users_routine_is_a_404_to_view_edit_copy_delete_or_start(client, owner, other):
    theirs = own_routine(other, "Theirs")
    client.force_login(owner)
    for name in ("routines:detail", "routines:edit", "routines:delete"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name in ("routines:copy", "routines:edit", "routines:delete"):
        assert (
            client.post(reverse(name, args=[theirs.pk]), post_data(items=[item()])).status_code
            == 404
        )
    assert client.post(reverse("workouts:start"), {"routine": theirs.pk}).status_code == 404
    assert Routine.objects.filter(owner=owner).count() == 0
    assert theirs.items.count() == 1


def test_making_routines_needs_an_account(client, full_routine):
    for response in (
        client.get(reverse("routines:new")),
        client.post(reverse("routines:copy", args=[full_routine.pk])),
    ):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("routines:list")).status_code == 200


@pytest.mark.parametrize("count", [1, 40])
def test_the_list_runs_a_constant_number_of_queries(
    owner_client, owner, count, django_assert_max_num_queries
):
    for n in range(count):
        own_routine(owner, f"R{n}")
    with django_assert_max_num_queries(8):
        assert owner_client.get(reverse("routines:list")).status_code == 200


def test_the_cards_follow_every_change_at_once_and_are_otherwise_kept_rendered(
    owner_client, owner, django_assert_max_num_queries
):
    pages = (reverse("routines:list"), reverse("workouts:start"))
    owner_client.post(reverse("routines:new"), post_data(items=[item("squat", sets="2")]))
    routine = Routine.objects.get(owner=owner)
    for url in pages:
        assert "Start My routine</button>" in owner_client.get(url).content.decode()
    with django_assert_max_num_queries(3):  # the login session, the user, the cards' state
        assert owner_client.get(reverse("routines:list")).status_code == 200
    owner_client.post(
        reverse("routines:edit", args=[routine.pk]),
        post_data(name="Renamed", items=[item("clamshell", sets="5")]),
    )
    for url in pages:
        html = owner_client.get(url).content.decode()
        assert "Start Renamed</button>" in html and "Clamshell: 5 \N{MULTIPLICATION SIGN}" in html
    owner_client.post(reverse("routines:delete", args=[routine.pk]))
    for url in pages:
        assert "Renamed" not in owner_client.get(url).content.decode()


def test_a_blank_extra_row_is_an_error_not_a_crash(owner_client, owner):
    blank = item(slug="", sets="", low="", high="")
    data = post_data(items=[item(), blank])
    data["items-INITIAL_FORMS"] = "1"
    response = owner_client.post(reverse("routines:new"), data)
    assert response.status_code == 400
    assert "Choose an exercise." in response.content.decode()
    assert not Routine.objects.filter(owner=owner).exists()


def test_a_name_already_in_use_is_refused(owner_client, owner):
    response = owner_client.post(
        reverse("routines:new"), post_data(name="quick ROUTINE", items=[item()])
    )
    assert response.status_code == 400
    assert "You already have a routine called" in response.content.decode()
    assert not Routine.objects.filter(owner=owner).exists()


def test_the_estimate_leaves_out_rows_with_bad_values(owner_client):
    rows = [item(), item(sets="-1"), item(low="15", high="10")]
    response = owner_client.post(
        reverse("routines:new"), post_data(items=rows, action="estimate"), HTTP_HX_REQUEST="true"
    )
    one_row = [item()]
    alone = owner_client.post(
        reverse("routines:new"),
        post_data(items=one_row, action="estimate"),
        HTTP_HX_REQUEST="true",
    )
    assert response.content == alone.content
