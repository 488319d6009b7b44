"""Property-based fuzzing of every form and player endpoint: arbitrary strings, numbers out
of range, missing and duplicated fields. Never a 500, and a request that is refused (any
answer but a redirect) writes nothing. `make fuzz` runs thousands of examples."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from exercises.models import Routine, RoutineItem
from hipdips.models import User
from sessions import lifecycle
from sessions.models import SetLog, WorkoutSession
from tests.helpers import do_sets, start

ODD = [
    "",
    " ",
    "0",
    "-1",
    "7",
    "12",
    "100",
    "101",
    "1e3",
    "3.5",
    "NaN",
    "٣",
    "\x00",
    "<b>",
    "squat",
]
values = st.one_of(
    st.sampled_from(ODD),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.text(max_size=40),
)


def form_data(fields: list[str]):
    """Each field missing, given once, or given twice; plus a stray field now and then."""
    one_field = st.one_of(st.none(), values, st.lists(values, min_size=2, max_size=3))
    extra = st.dictionaries(st.text(min_size=1, max_size=12), values, max_size=2)
    return st.tuples(st.fixed_dictionaries({f: one_field for f in fields}), extra).map(
        lambda pair: {k: v for k, v in {**pair[1], **pair[0]}.items() if v is not None}
    )


PLAYER = {
    "begin": ["step"],
    "set_done": ["step", "reps"],
    "skip_rest": ["step"],
    "add_time": ["step", "extensions"],
    "pause": ["step"],
    "resume": ["step"],
    "add_set": ["step", "version"],
    "skip_exercise": ["step"],
    "change_hold": ["step", "version", "hold_seconds"],
}
FORMS = {
    "workouts:start": ["routine", "replace"],
    "workouts:preferences": ["sound_cues", "voice_cues", "vibration_cues", "shortcuts", "next"],
    "account": ["time_zone"],
    "delete_account": ["password"],
    "password_change": ["old_password", "new_password1", "new_password2"],
    "routines:new": [
        "name",
        "action",
        "new_exercise",
        "items-TOTAL_FORMS",
        "items-INITIAL_FORMS",
        "items-0-exercise",
        "items-0-sets",
        "items-0-reps_min",
        "items-0-reps_max",
        "items-0-hold_seconds",
        "items-0-rest_seconds",
    ],
}
ANONYMOUS_FORMS = {
    "signup": ["email", "password1", "password2", "time_zone"],
    "login": ["username", "password"],
    "password_reset": ["email"],
}


def state() -> tuple:
    """Everything a request could write (django-axes' log of failed logins aside)."""
    return (
        User.objects.count(),
        tuple(User.objects.order_by("pk").values_list("password", "time_zone", "voice_cues")),
        tuple(
            WorkoutSession.objects.order_by("pk").values_list(
                "state", "phase", "position", "plan_version", "rest_extensions"
            )
        ),
        tuple(SetLog.objects.order_by("pk").values_list("reps", "skipped")),
        Routine.objects.count(),
        RoutineItem.objects.count(),
    )


def check(response, before) -> None:
    assert response.status_code < 500
    if response.status_code not in (302, 303):
        assert state() == before, f"a refused request ({response.status_code}) wrote data"


@pytest.fixture
def player(owner_client, owner, quick_routine):
    def open_session() -> WorkoutSession:
        current = lifecycle.open_session_for(owner, [])
        return current or start(quick_routine, owner)

    return open_session


@pytest.mark.parametrize("action", list(PLAYER))
def test_player_actions_never_fail_and_refusals_write_nothing(owner_client, player, action):
    @given(data=form_data(PLAYER[action]))
    def run(data):
        session = player()
        before = state()
        response = owner_client.post(reverse(f"workouts:{action}", args=[session.pk]), data)
        check(response, before)

    run()


@pytest.mark.parametrize("name", list(FORMS))
def test_signed_in_forms_never_fail_and_refusals_write_nothing(owner_client, owner, name):
    @given(data=form_data(FORMS[name]))
    def run(data):
        owner_client.force_login(owner)
        before = state()
        check(owner_client.post(reverse(name), data), before)

    run()


@pytest.mark.parametrize("name", list(ANONYMOUS_FORMS))
def test_anonymous_forms_never_fail_and_refusals_write_nothing(client, db, name):
    @given(data=form_data(ANONYMOUS_FORMS[name]))
    def run(data):
        client.logout()
        before = state()
        check(client.post(reverse(name), data), before)

    run()


def test_correcting_a_set_never_fails_and_refusals_write_nothing(
    owner_client, owner, quick_routine
):
    do_sets(start(quick_routine, owner), 1, reps=10)
    url = reverse("history:set_edit", args=[SetLog.objects.get().pk])

    @given(data=form_data(["reps"]))
    def run(data):
        before = state()
        check(owner_client.post(url, data), before)

    run()


def test_anonymous_player_never_fails(client, quick_routine):
    client.post(reverse("workouts:start"), {"routine": quick_routine.pk})
    session = WorkoutSession.objects.get()

    @given(action=st.sampled_from(list(PLAYER)), data=form_data(["step", "reps", "version"]))
    def run(action, data):
        before = state()
        check(client.post(reverse(f"workouts:{action}", args=[session.pk]), data), before)

    run()
    # Whatever was posted, the session still belongs to this browser alone.
    session.refresh_from_db()
    assert session.owner is None
    assert lifecycle.open_session_for(AnonymousUser(), []) is None


# The routine editor's buttons post names such as "up-3": any name the client sends
numbers = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.integers(min_value=1, max_value=5000).map(lambda digits: "9" * digits),
    st.text(alphabet="0123456789\u0663\U0001d7d7 +-_.", max_size=12),  # Arabic 3, bold 9
)
action_names = st.one_of(
    st.text(max_size=30),
    st.tuples(st.sampled_from(["up", "down", "remove", "add", "UP", ""]), numbers).map("-".join),
)


def test_editor_actions_never_fail_and_only_move_add_or_remove_one_row(db):
    from exercises import editor
    from exercises.models import Exercise

    squat = Exercise.objects.get(slug="squat")
    rows = [editor.row_for(exercise) for exercise in Exercise.objects.order_by("pk")[:4]]
    added = editor.row_for(squat)

    @given(action=action_names)
    def run(action):
        after = editor.apply_action(rows, action, new_exercise=squat)
        assert after == rows or (
            sorted(map(str, after)) == sorted(map(str, rows))  # moved
            or (len(after) == len(rows) - 1 and all(row in rows for row in after))  # removed
            or after == [*rows, added]
        )

    run()
