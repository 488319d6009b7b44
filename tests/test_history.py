"""History, progress and export: a signed-in person's own record."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions import actions, progress
from sessions.models import SetLog, State, WorkoutSession
from tests.helpers import attribute, begun, elements, own_routine, workout

pytestmark = pytest.mark.django_db


# Streaks and the calendar


def test_streaks_count_workout_days_and_today_does_not_break_one():
    today = date(2026, 11, 28)
    days = {today - timedelta(days=n) for n in (1, 2, 3)} | {date(2026, 11, 1), date(2026, 11, 2)}
    assert progress.streaks(days, today) == progress.Streaks(current=3, longest=3)
    assert progress.streaks(days | {today}, today).current == 4
    assert progress.streaks(set(), today) == progress.Streaks(0, 0)


def test_a_single_rest_day_keeps_a_streak_and_two_end_it():
    today = date(2026, 11, 28)
    every_other_day = {today - timedelta(days=n) for n in (0, 2, 4, 6)}
    assert progress.streaks(every_other_day, today) == progress.Streaks(current=4, longest=4)
    # Last workout the day before yesterday: today may still be its rest day.
    assert progress.streaks({today - timedelta(days=2)}, today).current == 1
    assert progress.streaks({today - timedelta(days=3)}, today).current == 0
    two_rest_days = {today, today - timedelta(days=3), today - timedelta(days=4)}
    assert progress.streaks(two_rest_days, today) == progress.Streaks(current=1, longest=2)


def test_calendar_covers_26_weeks_monday_first_ending_today():
    today = date(2026, 11, 28)  # a Saturday
    cells = progress.calendar({today}, today)
    assert cells[0].day.weekday() == 0
    assert cells[-1].day == today and cells[-1].worked_out
    assert max(c.week for c in cells) == 25
    assert sum(c.worked_out for c in cells) == 1


def test_workout_days_are_counted_in_the_users_time_zone(owner, quick_routine):
    # 23:30 UTC on 1 March is already 2 March in Berlin.
    workout(quick_routine, owner, sets=1, when=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    assert progress.workout_days(owner) == {date(2026, 3, 2)}


def test_a_session_with_only_skipped_sets_is_no_workout_day(owner, quick_routine):
    session = begun(quick_routine, owner)
    assert actions.skip_exercise(session, step=0)
    assert progress.workout_days(owner) == set()


# The progression hint


def test_hint_after_two_sessions_with_every_set_at_the_top(owner, full_routine):
    for _ in range(2):
        session = workout(full_routine, owner, sets=3, reps=12)
        WorkoutSession.objects.filter(pk=session.pk).update(state=State.COMPLETED)
    hints = progress.progression_hints(owner)
    assert [hint.exercise.slug for hint in hints] == ["squat"]
    assert "harder version" in hints[0].text


def test_no_hint_when_one_set_fell_short(owner, full_routine):
    workout(full_routine, owner, sets=3, reps=12)
    session = workout(full_routine, owner, sets=3, reps=12)
    SetLog.objects.filter(session=session, set_number=3).update(reps=11)
    WorkoutSession.objects.update(state=State.COMPLETED)
    assert progress.progression_hints(owner) == []


def test_the_hint_for_a_hold_exercise_follows_the_hold_that_was_done(owner, full_routine):
    for _ in range(2):
        session = workout(full_routine, owner, sets=12, reps=12)  # up to hip thrusts (3 s)
        WorkoutSession.objects.filter(pk=session.pk).update(state=State.COMPLETED)
    texts = {hint.exercise.slug: hint.text for hint in progress.progression_hints(owner)}
    assert "Try holding 4 seconds" in texts["hip-thrust"]
    SetLog.objects.filter(exercise__slug="hip-thrust").update(hold_seconds=5)
    texts = {hint.exercise.slug: hint.text for hint in progress.progression_hints(owner)}
    assert "harder version" in texts["hip-thrust"]


# The next-step text (progress.next_step_text), which a progression hint carries


def test_next_step_text_offers_a_second_more_hold_within_the_range_then_the_harder_version(db):
    from exercises.models import Exercise

    hip_thrust = Exercise.objects.get(slug="hip-thrust")  # holds of 1 to 5 s
    assert "Try holding 4 seconds" in progress.next_step_text(hip_thrust, hold=3)
    assert "Try holding 5 seconds" in progress.next_step_text(hip_thrust, hold=4)
    at_the_top = progress.next_step_text(hip_thrust, hold=5)
    assert "holding" not in at_the_top
    assert at_the_top.endswith(f"Ready for the harder version? {hip_thrust.harder_variation}")
    assert "Try holding 1 second at" in progress.next_step_text(hip_thrust, hold=0)
    hip_thrust.hold_min = 3  # a range that starts higher: never below its start
    assert "Try holding 3 seconds" in progress.next_step_text(hip_thrust, hold=0)
    hip_thrust.harder_variation = ""
    no_harder_version = progress.next_step_text(hip_thrust, hold=5)
    assert no_harder_version.endswith("Try a slower lowering, three seconds down.")
    assert "?" not in no_harder_version


# Pages


def test_history_lists_sessions_newest_first_with_their_figures(owner_client, owner, quick_routine):
    workout(quick_routine, owner, sets=2, reps=10, when=timezone.now() - timedelta(days=2))
    workout(quick_routine, owner, sets=3, reps=11, when=timezone.now() - timedelta(days=1))
    html = owner_client.get(reverse("history:list")).content.decode()
    newer, older = html.index(">33</td>"), html.index(">20</td>")
    assert newer < older
    assert "Unfinished" in html
    assert "Export CSV</a>" in html


def test_history_and_progress_need_an_account(client, db):
    for name in ("history:list", "history:progress", "history:export_csv", "history:export_json"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_session_page_lists_every_set(owner_client, owner, full_routine):
    session = workout(full_routine, owner, sets=4, reps=9)
    html = owner_client.get(reverse("history:session", args=[session.pk])).content.decode()
    rows = [row for row in elements(html, "tr") if (attribute(row, "id") or "").startswith("set-")]
    assert len(rows) == 4
    assert "Step down" in html and "Left" in html


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_correcting_reps(owner_client, owner, quick_routine, htmx):
    session = workout(quick_routine, owner, sets=1, reps=9)
    logged = SetLog.objects.get()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("history:set_edit", args=[logged.pk])
    assert owner_client.get(url, **headers).status_code == 200
    response = owner_client.post(url, {"reps": "12"}, **headers)
    if htmx:
        assert response.status_code == 200 and "<td>12</td>" in response.content.decode()
    else:
        assert response.status_code == 303
        assert response.url == reverse("history:session", args=[session.pk])
    logged.refresh_from_db()
    assert logged.reps == 12


@pytest.mark.parametrize("reps", ["", "-1", "101", "ten", "2.5"])
def test_a_bad_correction_shows_the_reason_and_writes_nothing(
    owner_client, owner, quick_routine, reps
):
    workout(quick_routine, owner, sets=1, reps=9)
    logged = SetLog.objects.get()
    response = owner_client.post(reverse("history:set_edit", args=[logged.pk]), {"reps": reps})
    assert response.status_code == 400
    assert "Reps must be a whole number from 0 to 100." in response.content.decode()
    logged.refresh_from_db()
    assert logged.reps == 9


def test_deleting_a_set_asks_first(owner_client, owner, quick_routine):
    workout(quick_routine, owner, sets=2)
    logged = SetLog.objects.first()
    url = reverse("history:set_delete", args=[logged.pk])
    assert "Yes, delete set" in owner_client.get(url).content.decode()
    assert SetLog.objects.count() == 2
    response = owner_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert SetLog.objects.count() == 1


def test_deleting_a_session_removes_its_sets(owner_client, owner, quick_routine):
    session = workout(quick_routine, owner, sets=2)
    url = reverse("history:session_delete", args=[session.pk])
    assert "Yes, delete workout" in owner_client.get(url).content.decode()
    response = owner_client.post(url)
    assert response.status_code == 303 and response.url == reverse("history:list")
    assert not WorkoutSession.objects.exists() and not SetLog.objects.exists()


def test_another_users_sessions_and_sets_are_404(client, owner, other, quick_routine):
    session = workout(quick_routine, owner, sets=1)
    logged = SetLog.objects.get()
    client.force_login(other)
    # A page that takes no POST refuses it (405) before it looks anything up.
    for name, arg, post in [
        ("history:session", session.pk, 405),
        ("history:session_delete", session.pk, 404),
        ("history:set_edit", logged.pk, 404),
        ("history:set_delete", logged.pk, 404),
        ("history:set_row", logged.pk, 405),
    ]:
        assert client.get(reverse(name, args=[arg])).status_code == 404
        assert client.post(reverse(name, args=[arg]), {"reps": 1}).status_code == post, name
    assert SetLog.objects.get().reps == 12
    theirs = b"".join(client.get(reverse("history:export_csv")).streaming_content)
    assert theirs == b"date,session,exercise,set,side,reps,hold_seconds\r\n"


def test_progress_page_charts_each_exercise_and_shows_bests(owner_client, owner, full_routine):
    workout(full_routine, owner, sets=3, reps=10, when=timezone.now() - timedelta(days=8))
    workout(full_routine, owner, sets=3, reps=12, when=timezone.now() - timedelta(days=1))
    html = owner_client.get(reverse("history:progress")).content.decode()
    assert "Best set: 12 reps" in html
    assert html.count("<polyline") == 1  # only the squat has sets in range
    assert "Show as a table" in html
    for key in ("1y", "all"):
        assert owner_client.get(reverse("history:progress"), {"range": key}).status_code == 200


def test_an_unknown_progress_range_is_a_400_that_names_the_choices(owner_client):
    response = owner_client.get(reverse("history:progress"), {"range": "forever"})
    assert response.status_code == 400
    assert "12w, 1y, all" in response.content.decode()


# Export


def test_csv_export_follows_the_contract(owner_client, owner, full_routine):
    session = workout(full_routine, owner, sets=4, reps=11)
    SetLog.objects.filter(set_number=2).update(skipped=True, reps=None)
    response = owner_client.get(reverse("history:export_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert not body.startswith("\ufeff")
    lines = body.split("\r\n")
    assert lines[0] == "date,session,exercise,set,side,reps,hold_seconds"
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 3  # the skipped set is left out
    first = rows[0]
    assert first["session"] == str(session.pk) and first["exercise"] == "squat"
    assert first["side"] == "both" and first["reps"] == "11" and first["hold_seconds"] == "0"
    stamp = datetime.fromisoformat(first["date"])
    assert stamp.utcoffset() == timedelta(hours=1)  # Europe/Berlin in winter: the user's zone
    assert rows[-1]["exercise"] == "step-down" and rows[-1]["side"] == "left"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_csv_rows_logged_at_the_same_moment_come_in_the_order_they_were_written(
    owner_client, owner, full_routine
):
    workout(full_routine, owner, sets=3, reps=10)
    moment = timezone.now()
    SetLog.objects.update(logged_at=moment)
    ids = list(SetLog.objects.order_by("id").values_list("set_number", flat=True))
    body = b"".join(owner_client.get(reverse("history:export_csv")).streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [int(r["set"]) for r in rows] == ids


def test_json_export_holds_everything_the_user_owns(owner_client, owner, quick_routine):
    own_routine(owner)
    workout(quick_routine, owner, sets=2)
    response = owner_client.get(reverse("history:export_json"))
    data = json.loads(b"".join(response.streaming_content))
    assert data["account"]["email"] == owner.email
    assert [r["name"] for r in data["routines"]] == ["Mine"]
    assert len(data["sessions"]) == 1 and len(data["sets"]) == 2


# Query counts do not grow with the history


@pytest.mark.parametrize("count", [1, 300])
def test_history_pages_run_a_constant_number_of_queries(
    owner_client, owner, quick_routine, count, django_assert_max_num_queries
):
    sessions = []
    base = timezone.now() - timedelta(days=count + 1)
    for n in range(count):
        sessions.append(
            WorkoutSession(
                owner=owner,
                routine=quick_routine,
                routine_name="Quick routine",
                plan=[],
                state=State.COMPLETED,
                started_at=base + timedelta(days=n),
                touched_at=base + timedelta(days=n),
                finished_at=base + timedelta(days=n, minutes=9),
            )
        )
    WorkoutSession.objects.bulk_create(sessions)
    squat = quick_routine.items.first().exercise
    SetLog.objects.bulk_create(
        SetLog(
            session=s,
            item_position=0,
            set_number=1,
            side="both",
            exercise=squat,
            target_reps=12,
            reps=12,
            logged_at=s.started_at,
        )
        for s in sessions
    )
    last = sessions[-1]
    for url in (
        reverse("history:list"),
        reverse("history:list") + "?page=2",
        reverse("history:progress"),
        reverse("history:progress") + "?range=all",
        reverse("history:session", args=[last.pk]),
        reverse("workouts:start"),
    ):
        with django_assert_max_num_queries(8):
            assert owner_client.get(url).status_code == 200


def test_the_start_screen_suggests_the_next_step(owner_client, owner, full_routine):
    for _ in range(2):
        session = workout(full_routine, owner, sets=3, reps=12)
        WorkoutSession.objects.filter(pk=session.pk).update(state=State.COMPLETED)
    html = owner_client.get(reverse("workouts:start")).content.decode()
    assert "Ready for a next step" in html and "Squat: every set reached the top" in html


def test_figures_follow_a_corrected_set_at_once(owner_client, owner, quick_routine):
    workout(quick_routine, owner, sets=1, reps=10, when=timezone.now() - timedelta(days=1))
    assert "Best set: 10 reps" in owner_client.get(reverse("history:progress")).content.decode()
    logged = SetLog.objects.get()
    owner_client.post(reverse("history:set_edit", args=[logged.pk]), {"reps": "14"})
    assert "Best set: 14 reps" in owner_client.get(reverse("history:progress")).content.decode()
    owner_client.post(reverse("history:set_delete", args=[logged.pk]))
    assert "Best set" not in owner_client.get(reverse("history:progress")).content.decode()


def test_the_start_screens_hint_is_kept_until_the_next_workout(
    owner_client, owner, full_routine, django_assert_max_num_queries
):
    for _ in range(2):
        workout(full_routine, owner, sets=3, reps=12).move(expect={}, state=State.COMPLETED)
    assert "Squat: every set reached the top" in owner_client.get(reverse("workouts:start")).text
    with django_assert_max_num_queries(6):  # the hint is not worked out again
        assert "Squat: every set" in owner_client.get(reverse("workouts:start")).text
    short = workout(full_routine, owner, sets=3, reps=10)
    short.move(expect={}, state=State.COMPLETED)
    assert "Squat: every set" not in owner_client.get(reverse("workouts:start")).text
