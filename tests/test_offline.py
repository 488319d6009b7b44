"""The installable app and the workout that goes on offline, on the server's side: the
manifest, the service worker's script and lists, the offline page, the screens ahead that
the player takes with it, and the actions it sends later (with their own times)."""

import gzip
import json
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from sessions import actions, lifecycle, offline
from sessions.models import Phase, SetLog, WorkoutSession
from sessions.steps import plan_steps, session_plan
from tests.helpers import (
    act,
    attribute,
    begun_over_http,
    elements,
    h1,
    player_page,
    start_over_http,
    text,
    the,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
PRIVATE_PATHS = ("/history/", "/progress/", "/accounts/", "/admin/", "export")


def worker_config(client) -> dict:
    script = client.get("/sw.js").content.decode()
    return json.loads(re.search(r"^const CONFIG = (\{.*\});$", script, re.M).group(1))


def ms(moment) -> str:
    return str(int(moment.timestamp() * 1000))


# Installable


def test_every_page_names_the_manifest_and_its_colours_for_light_and_dark(client, db):
    html = client.get(reverse("home")).content.decode()
    link = the(html, "link", rel="manifest")
    assert dict(link.attributes)["href"] == "/manifest.webmanifest"
    themes = elements(html, "meta", name="theme-color")
    assert {dict(meta.attributes)["media"] for meta in themes} == {
        "(prefers-color-scheme: light)",
        "(prefers-color-scheme: dark)",
    }


def test_the_manifest_describes_an_installable_app_with_icons_of_its_own(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["short_name"] == "Hipdips" and manifest["name"].startswith("Hipdips")
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    dark = manifest["user_preferences"]["color_scheme_dark"]
    assert dark["background_color"] != manifest["background_color"]
    icons = {(i["type"], i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert ("image/svg+xml", "any", "any") in icons
    assert {("image/png", "192x192", "any"), ("image/png", "512x512", "any")} <= icons
    assert ("image/png", "512x512", "maskable") in icons
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, f"{icon['src']} is not one of our static files"
        if icon["type"] == "image/png":
            with open(path, "rb") as png:
                head = png.read(24)
            assert head[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = int.from_bytes(head[16:20]), int.from_bytes(head[20:24])
            assert f"{width}x{height}" == icon["sizes"]


# The service worker


def test_the_worker_is_served_from_the_root_and_asked_again_at_every_visit(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"


def test_the_worker_keeps_the_shell_and_what_the_app_teaches_and_nothing_private(client, db):
    config = worker_config(client)
    for asset in config["assets"]:
        assert finders.find(asset.removeprefix("/static/")), asset
    names = {asset.rsplit("/", 1)[1] for asset in config["assets"]}
    assert {"app.css", "player.css", "player.js", "offline.js", "icon.svg"} <= names
    assert "htmx-2.min.js" in names
    exercises = [f"/exercises/{slug}/" for slug in Exercise.objects.values_list("slug", flat=True)]
    assert len(exercises) == 6
    assert set(config["pages"]) == {"/offline/", "/learn/", "/exercises/", *exercises}
    for url in [*config["assets"], *config["pages"]]:
        assert not any(private in url for private in PRIVATE_PATHS), url
    for page in config["pages"]:
        assert client.get(page).status_code == 200, page


def test_a_deployment_with_other_files_is_a_new_worker_version(client, db, settings):
    before = worker_config(client)
    settings.STATIC_URL = "/assets/"
    after = worker_config(client)
    assert after["assets"][0].startswith("/assets/")
    assert after["version"] != before["version"]
    assert worker_config(client)["version"] == after["version"]  # and the same for the same files


def test_the_offline_page_says_what_can_be_read_without_a_connection(client, db):
    response = client.get(reverse("offline"))
    assert h1(response) == "You are offline"
    links = {dict(a.attributes).get("href") for a in elements(response.content.decode(), "a")}
    assert {"/learn/", "/exercises/", "/exercises/squat/"} <= links


# The screens ahead


def screens_ahead(client, session, **headers):
    response = client.get(reverse("workouts:offline", args=[session.pk]), **headers)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response


def test_the_screens_ahead_follow_the_plan_to_its_end(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    frames = screens_ahead(client, session).json()["frames"]
    steps = plan_steps(session_plan(session))
    keys = [frame["key"] for frame in frames]
    assert keys[0] == "set:0" and keys[-1] == f"complete:{len(steps)}"
    assert [key for key in keys if key.startswith("set:")] == [f"set:{s.index}" for s in steps]
    for frame in frames:
        html = frame["html"]
        assert the(html, "section", id="screen")
        assert f'data-frame="{frame["key"]}"' in html
        kind, _, position = frame["key"].partition(":")
        if kind == "set":
            form = the(html, "form", **{"data-offline": "next", "class": "set-form"})
            assert ("value", position) in the(str(form), "input", name="step").attributes
        elif kind in ("rest", "switch"):
            assert frame["rest_seconds"] == (10 if kind == "switch" else frame["rest_seconds"])
            assert frame["rest_seconds"] > 0
            assert the(html, "form", **{"data-timer-end": True, "data-offline": "next"})
        else:
            assert "Workout complete" in html and "back online" in html
    # Every switch sides comes between the two sides of one set.
    for index, key in enumerate(keys):
        if key.startswith("switch:"):
            assert keys[index + 1] == "set:" + key.split(":")[1]


@pytest.mark.parametrize("paused_at", ["set", "rest"])
def test_the_screens_ahead_are_the_screens_the_server_shows_in_turn(
    client, full_routine, paused_at
):
    session = begun_over_http(client, full_routine)
    actions.log_set(session, step=0, reps=9)  # at the rest before set 2
    if paused_at == "set":
        actions.end_rest(session, step=1)
    lifecycle.pause(session)
    expected = [frame.key for frame in offline.frames_ahead(session)]
    lifecycle.resume(session)
    shown = []
    while True:
        screen = the(player_page(client, session).content.decode(), "section", id="screen")
        shown.append(attribute(screen, "data-frame"))
        session.refresh_from_db()
        if session.phase == Phase.REST:
            actions.end_rest(session, step=session.position)
        elif session.is_open:
            assert actions.log_set(session, step=session.position, reps=9) == actions.Outcome.DONE
        else:
            break
    assert shown == expected
    assert any(key.startswith("switch:") for key in shown) and shown[-1].startswith("complete:")


def test_the_screens_ahead_start_at_get_ready_and_write_nothing(client, quick_routine):
    session = start_over_http(client, quick_routine)
    version = session.version
    frames = offline.frames_ahead(session)
    assert [frame.key for frame in frames[:2]] == ["ready:0", "set:0"]
    screens_ahead(client, session)
    session.refresh_from_db()
    assert session.version == version and session.phase == Phase.READY
    assert not SetLog.objects.exists()


def test_the_screens_ahead_are_read_in_few_queries_and_sent_compressed(
    client, quick_routine, django_assert_max_num_queries
):
    session = begun_over_http(client, quick_routine)
    with django_assert_max_num_queries(4):
        response = screens_ahead(client, session, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.content)
    assert len(response.content) < len(body) / 4


def test_an_ended_workout_has_no_screens_ahead_and_its_page_is_not_kept(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    page = client.get(reverse("workouts:player", args=[session.pk]))
    assert page["Hipdips-Workout"] == "open"
    lifecycle.end_session(session)
    assert screens_ahead(client, session).json()["frames"] == []
    assert "Hipdips-Workout" not in client.get(reverse("workouts:player", args=[session.pk]))


def test_another_browsers_screens_ahead_are_a_404(client, quick_routine, django_app_client):
    session = begun_over_http(client, quick_routine)
    assert django_app_client.get(reverse("workouts:offline", args=[session.pk])).status_code == 404


# Actions sent later


def test_a_set_sent_later_keeps_the_time_it_was_done(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    WorkoutSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(minutes=10)
    )
    done_at = timezone.now() - timedelta(minutes=4)
    response = act(client, session, "set_done", htmx=True, step=0, reps=9, done_at=ms(done_at))
    assert response.status_code == 200
    assert response["Hipdips-Outcome"] == "done"
    logged = SetLog.objects.get()
    assert abs(logged.logged_at - done_at) < timedelta(milliseconds=1)
    session.refresh_from_db()
    rest = session_plan(session)[0].rest_seconds
    assert abs(session.rest_ends_at - (done_at + timedelta(seconds=rest))) < timedelta(seconds=1)
    again = act(client, session, "set_done", htmx=True, step=0, reps=7, done_at=ms(done_at))
    assert again["Hipdips-Outcome"] == "already_logged"
    assert again["Hipdips-Logged-Reps"] == "9", "the reps that stand, for the kept set's owner"
    assert SetLog.objects.count() == 1


def test_a_set_time_outside_the_workout_counts_from_its_start_or_as_now(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    early = session.started_at - timedelta(minutes=30)
    act(client, session, "set_done", htmx=True, step=0, reps=9, done_at=ms(early))
    assert SetLog.objects.get().logged_at == session.started_at
    act(client, session, "skip_rest", htmx=True, step=1, extensions=0)
    before = timezone.now()
    late = before + timedelta(hours=1)  # a device clock that moved on
    act(client, session, "set_done", htmx=True, step=1, reps=9, done_at=ms(late))
    assert before <= SetLog.objects.get(set_number=2).logged_at <= timezone.now()


def test_a_kept_set_done_on_another_plan_is_not_logged(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    fields = {"step": 0, "reps": 9, "version": session.plan_version + 1}
    response = act(client, session, "set_done", htmx=True, **fields)
    assert response["Hipdips-Outcome"] == "stale"
    assert not SetLog.objects.exists()
    fields["version"] = session.plan_version
    assert act(client, session, "set_done", htmx=True, **fields)["Hipdips-Outcome"] == "done"


@pytest.mark.parametrize(
    "done_at",
    [
        pytest.param(lambda now: ms(now + timedelta(days=1)), id="a day ahead"),
        pytest.param(lambda now: "253402300800000", id="beyond the years a date holds"),
        pytest.param(lambda now: ms(now - timedelta(days=3)), id="three days ago"),
        pytest.param(lambda now: "yesterday", id="not a number"),
        pytest.param(lambda now: "9" * 5000, id="too long a number"),
    ],
)
def test_a_set_time_that_cannot_be_right_is_a_400_that_writes_nothing(
    client, quick_routine, done_at
):
    session = begun_over_http(client, quick_routine)
    now = timezone.now()
    response = act(client, session, "set_done", htmx=True, step=0, reps=9, done_at=done_at(now))
    assert response.status_code == 400
    assert "time" in text(the(response.content.decode(), "div", **{"class": "errors"}))
    assert not SetLog.objects.exists()


def test_every_player_button_says_whether_it_moved_the_workout(client, quick_routine):
    session = begun_over_http(client, quick_routine)
    act(client, session, "set_done", htmx=True, step=0, reps=9)
    moved = act(client, session, "skip_rest", htmx=True, step=1, extensions=0)
    assert moved["Hipdips-Outcome"] == "moved"
    stale = act(client, session, "skip_rest", htmx=True, step=1, extensions=0)
    assert stale["Hipdips-Outcome"] == "stale"
    refused = act(client, session, "set_done", htmx=True, step=7, reps=9)
    assert refused["Hipdips-Outcome"] == "stale"
