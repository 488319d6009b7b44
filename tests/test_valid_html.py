"""Every page the app serves is valid HTML, by the W3C Nu HTML Checker (vnu.jar).

The pages come from Django's test client (no browser, so this is quick): the public pages,
the account pages signed out and in, routines, history, progress, the error pages, and every
screen of the player (get ready, a set on both legs and on one, rest, switch sides, paused
from a set and from a rest, a screen with a refused value, the skip and end confirmations,
complete and ended), signed out and in.

Partials: an htmx answer is a fragment that replaces an element of a page already shown, so
the whole page around it is never sent again. Each partial the app serves is checked on its
own, wrapped in the smallest valid document (a table row inside a table, anything else
inside <body>); that catches what a swap would bring into the page (an attribute htmx needs
but HTML does not allow, a stray tag) without also checking the page it lands in, which is
checked as a whole page in the same run. Inline SVG (the exercise demos, the anatomy
drawing) is checked as part of each page; the site's standalone SVG icon is checked too.

Django's admin is left out: its markup is Django's, not ours.

Java takes seconds to start, so every page is written to one folder and the checker runs
once over all of them. `make test` installs the checker (a pinned vnu-jar from npm, under
.vnu/) and says where it is in VNU_JAR.
"""

import json
import os
import re
import shutil
import subprocess
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client, RequestFactory
from django.urls import reverse

from exercises.models import Exercise, Routine
from hipdips.faults import database_unavailable, server_error
from hipdips.forms import html_number
from sessions.models import SetLog, WorkoutSession
from tests.conftest import PASSWORD
from tests.helpers import do_sets

HTMX = {"HTTP_HX_REQUEST": "true"}
ROOT = Path(__file__).resolve().parent.parent
# Where `make test` (bin/find-vnu) puts the pinned checker; VNU_JAR says so explicitly.
DEFAULT_JAR = ROOT / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A partial is checked where it lands: a history row in the seven columns of the sets table.
TABLE_ROW = ("<table><thead><tr>" + "<th>x</th>" * 7 + "</tr></thead><tbody>", "</tbody></table>")


def vnu_command() -> list[str]:
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_JAR)
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        missing = f"vnu.jar (looked for {jar})" if not jar.is_file() else "java"
        pytest.fail(
            f"No HTML checker: {missing} is missing; run `make test`, which installs it",
            pytrace=False,
        )
    return [java, "-jar", str(jar)]


@dataclass
class Page:
    name: str
    html: str
    wrap: tuple[str, str] | None  # a partial's wrapper, None for a whole page


class Pages:
    """Collects each answer, checking it is what the name says (its status, and a whole
    page or a fragment), so that a page that moved fails here instead of going unchecked."""

    def __init__(self) -> None:
        self.pages: list[Page] = []

    def add(self, name: str, response, status: int = 200) -> str:
        html = response.content.decode()
        assert response.status_code == status, f"{name}: {response.status_code}"
        assert html.lower().startswith("<!doctype html>"), f"{name} is not a whole page"
        self.pages.append(Page(name, html, None))
        return html

    def add_partial(self, name: str, response, status: int = 200, wrap=("", "")) -> str:
        html = response.content.decode()
        assert response.status_code == status, f"{name}: {response.status_code}"
        assert "<html" not in html and html.strip(), f"{name} is not a fragment"
        self.pages.append(Page(name + " (htmx partial)", html, wrap))
        return html

    def get(self, client, name: str, url: str, status: int = 200, **extra) -> str:
        return self.add(name, client.get(url, **extra), status)


def hidden_fields(html: str, action: str) -> dict[str, str]:
    """The hidden inputs of the form posting to `action`: what pressing its button sends."""
    form = re.search(rf'<form[^>]* action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert form, f"no form for {action}"
    pairs = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(1))
    return {name: unescape(value) for name, value in pairs}


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return unescape(match.group(1).strip()) if match else ""


class Player:
    """One browser in one session, pressing the buttons its screens offer."""

    def __init__(self, pages: Pages, client, session: WorkoutSession, who: str) -> None:
        self.pages, self.client, self.session, self.who = pages, client, session, who

    def url(self, action: str) -> str:
        return reverse(f"workouts:{action}", args=[self.session.pk])

    def page(self, what: str) -> str:
        """The screen as a whole page, and as the partial the screen check swaps in."""
        html = self.pages.get(self.client, f"player, {what}, {self.who}", self.url("player"))
        partial = self.client.get(self.url("screen"), **HTMX)
        self.pages.add_partial(f"player, {what}, {self.who}", partial)
        return html

    def press(self, action: str, what: str, html: str, status: int = 200, **data) -> str:
        """Post the form of `action` as htmx does; its answer is the next screen's partial."""
        fields = {**hidden_fields(html, self.url(action)), **data}
        response = self.client.post(self.url(action), fields, **HTMX)
        return self.pages.add_partial(f"player, {what}, {self.who}", response, status)

    def confirmations(self, html: str) -> None:
        end = self.url("end")
        self.pages.get(self.client, f"end confirmation, {self.who}", end)
        self.pages.add_partial(f"end confirmation, {self.who}", self.client.get(end, **HTMX))
        if "Skip exercise" in html:
            skip, step = self.url("skip_exercise"), hidden_fields(html, self.url("skip_exercise"))
            self.pages.get(self.client, f"skip confirmation, {self.who}", skip, data=step)
            partial = self.client.get(skip, step, **HTMX)
            self.pages.add_partial(f"skip confirmation, {self.who}", partial)


def anonymous_workout(pages: Pages, client, routine: Routine) -> None:
    """Quick routine: squat on both legs, then one leg at a time; to the end."""
    start = client.post(reverse("workouts:start"), {"routine": routine.pk})
    assert start.status_code == 303
    player = Player(pages, client, WorkoutSession.objects.latest("started_at"), "signed out")
    ready = player.page("get ready")
    player.confirmations(ready)
    set_screen = player.press("begin", "a set on both legs", ready)
    assert h1(set_screen) == "Squat"
    player.page("a set on both legs")
    player.confirmations(set_screen)
    refused = player.press("set_done", "refused reps", set_screen, status=400, reps="lots")
    assert 'aria-invalid="true"' in refused
    pages.add("player, refused reps, signed out", client.post(player.url("set_done"), {}), 400)
    skip_bad = client.get(player.url("skip_exercise"), {"step": "x"})
    pages.add("skip confirmation with a bad step, signed out", skip_bad, 400)
    rest = player.press("set_done", "rest", set_screen, reps="12")
    assert h1(rest) == "Rest"
    player.page("rest")
    paused = player.press("pause", "paused in a rest", rest)
    assert h1(paused) == "Paused" and "Rest left" in paused
    player.page("paused in a rest")
    rest = player.press("resume", "rest after a pause", paused)
    again = player.press("set_done", "a set already logged", set_screen, reps="12")
    assert "That set was already logged." in again
    set_screen = player.press("skip_rest", "the last squat", rest)
    rest = player.press("set_done", "rest before the next exercise", set_screen, reps="12")
    left = player.press("skip_rest", "a set on the left leg", rest)
    assert ">Left</span>" in left
    player.page("a set on the left leg")
    switch = player.press("set_done", "switch sides", left, reps="12")
    assert h1(switch) == "Switch sides"
    player.page("switch sides")
    switch = player.press("add_time", "switch sides with 15 seconds more", switch)
    right = player.press("skip_rest", "a set on the right leg", switch)
    assert ">Right</span>" in right
    do_sets(player.session)
    assert h1(player.page("workout complete")) == "Workout complete"


def signed_in_workouts(pages: Pages, client, owner, full: Routine, quick: Routine) -> None:
    """Full routine as a signed-in person: the player's settings, a hold to change, pauses,
    an early end, a start while one is open, and a finish with the account's records."""
    client.post(reverse("workouts:start"), {"routine": full.pk})
    session = WorkoutSession.objects.latest("started_at")
    player = Player(pages, client, session, "signed in")
    ready = player.page("get ready")
    assert 'data-remember="account"' in ready
    pages.get(client, "home with a workout open", reverse("home"))
    pages.get(client, "workout start with a workout open", reverse("workouts:start"))
    other = client.post(reverse("workouts:start"), {"routine": quick.pk})
    pages.add("another start while a workout is open", other, 409)
    do_sets(session, count=9)  # squats, step-downs on each leg: the hip thrust (a hold) is next
    rest = player.page("rest")
    thrust = player.press("skip_rest", "a set with a hold", rest)
    assert h1(thrust) == "Hip thrust" and "Change hold" in thrust
    player.page("a set with a hold")
    player.press("change_hold", "refused hold", thrust, status=400, hold_seconds="99")
    thrust = player.press("add_set", "an added set", thrust)
    paused = player.press("pause", "paused in a set", thrust)
    assert h1(paused) == "Paused" and "Rest left" not in paused
    player.page("paused in a set")
    thrust = player.press("resume", "the set after a pause", paused)
    skip = player.url("skip_exercise")
    client.post(skip, hidden_fields(thrust, skip))  # a skipped exercise shows in the history
    ended = client.post(player.url("end"), **HTMX)
    assert h1(pages.add_partial("player, workout ended, signed in", ended)) == "Workout ended"
    player.page("workout ended")

    client.post(reverse("workouts:start"), {"routine": quick.pk})
    finished = WorkoutSession.objects.latest("started_at")
    do_sets(finished)
    Player(pages, client, finished, "signed in").page("workout complete")


def routine_pages(pages: Pages, client, owner) -> None:
    builtin = Routine.objects.get(name="Full routine", owner=None)
    squat = Exercise.objects.get(slug="squat")
    mine = Routine.objects.create(owner=owner, name="Mine")
    mine.items.create(exercise=squat, position=0, sets=2, reps_min=8, reps_max=10)
    pages.get(client, "routines, signed in", reverse("routines:list"))
    pages.get(client, "built-in routine", reverse("routines:detail", args=[builtin.pk]))
    pages.get(client, "own routine", reverse("routines:detail", args=[mine.pk]))
    pages.get(client, "new routine", reverse("routines:new"))
    pages.get(client, "edit routine", reverse("routines:edit", args=[mine.pk]))
    pages.get(client, "delete routine", reverse("routines:delete", args=[mine.pk]))
    new = reverse("routines:new")
    # Refused values: too few sets, and a word where a number belongs.
    row = {"items-0-exercise": "squat", "items-0-sets": "0", "items-0-reps_min": "lots"}
    form = {
        "name": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "new_exercise": "clamshell",
        **row,
    }
    pages.add("new routine with errors", client.post(new, {**form, "action": "save"}), 400)
    saved = client.post(new, {**form, "action": "save"}, **HTMX)
    pages.add_partial("routine editor with errors", saved, 400)
    pages.add_partial("routine editor", client.post(new, {**form, "action": "add"}, **HTMX))
    estimate = client.post(new, {**form, "action": "estimate"}, **HTMX)
    pages.add_partial("routine estimate", estimate)


def history_pages(pages: Pages, client, owner) -> None:
    pages.get(client, "history", reverse("history:list"))
    pages.get(client, "progress", reverse("history:progress"))
    pages.get(client, "progress, all time", reverse("history:progress") + "?range=all")
    pages.get(client, "progress, unknown range", reverse("history:progress") + "?range=x", 400)
    for session in WorkoutSession.objects.filter(owner=owner):
        pages.get(client, f"session {session.state}", reverse("history:session", args=[session.pk]))
    session = WorkoutSession.objects.filter(owner=owner).latest("started_at")
    pages.get(client, "delete a workout", reverse("history:session_delete", args=[session.pk]))
    done = SetLog.objects.filter(session__owner=owner, skipped=False).first()
    skipped = SetLog.objects.filter(session__owner=owner, skipped=True).first()
    edit = reverse("history:set_edit", args=[done.pk])
    delete = reverse("history:set_delete", args=[done.pk])
    pages.get(client, "correct a set", edit)
    pages.get(client, "delete a set", delete)
    pages.add("correct a set with an error", client.post(edit, {"reps": "999"}), 400)
    pages.add_partial(
        "set row", client.get(reverse("history:set_row", args=[done.pk]), **HTMX), 200, TABLE_ROW
    )
    pages.add_partial("correct a set", client.get(edit, **HTMX), 200, TABLE_ROW)
    refused = client.post(edit, {"reps": "999"}, **HTMX)
    pages.add_partial("correct a set with an error", refused, 400, TABLE_ROW)
    refused = client.post(edit, {"reps": "lots"}, **HTMX)  # what no number field can hold
    pages.add_partial("correct a set with a word for reps", refused, 400, TABLE_ROW)
    pages.add_partial("delete a set", client.get(delete, **HTMX), 200, TABLE_ROW)
    problem = client.get(reverse("history:set_edit", args=[skipped.pk]), **HTMX)
    pages.add_partial("correct a skipped set", problem, 400, TABLE_ROW)


def account_pages(pages: Pages, client, owner) -> None:
    pages.get(client, "account", reverse("account"))
    pages.get(client, "change password", reverse("password_change"))
    wrong = client.post(reverse("password_change"), {"old_password": "no"})
    pages.add("change password with errors", wrong)
    pages.get(client, "password changed", reverse("password_change_done"))
    pages.get(client, "delete account", reverse("delete_account"))
    wrong = client.post(reverse("delete_account"), {"password": "no"})
    pages.add("delete account with a wrong password", wrong)
    client.post(reverse("account"), {"time_zone": "Europe/Paris"})
    pages.get(client, "account saved (a message)", reverse("account"))
    pages.get(client, "home, signed in", reverse("home"))
    pages.get(client, "workout start, signed in", reverse("workouts:start"))


def signed_out_pages(pages: Pages, client, owner) -> None:
    for name, url in [
        ("home", reverse("home")),
        ("learn", reverse("learn")),
        ("exercises", reverse("exercises:list")),
        ("exercises, filtered", reverse("exercises:list") + "?equipment=none&hold=yes"),
        ("routines", reverse("routines:list")),
        ("workout start", reverse("workouts:start")),
        ("sign up", reverse("signup")),
        ("log in", reverse("login")),
        ("reset password", reverse("password_reset")),
        ("reset link sent", reverse("password_reset_done")),
        ("password set", reverse("password_reset_complete")),
    ]:
        pages.get(client, name, url)
    for exercise in Exercise.objects.all():
        pages.get(client, f"exercise {exercise.slug}", exercise.get_absolute_url())
    listing = reverse("exercises:list")
    pages.get(client, "exercises, unknown filter", listing + "?equipment=rocket", 400)
    pages.add_partial("exercise results", client.get(listing + "?hold=yes", **HTMX))
    refused = client.get(listing + "?equipment=rocket", **HTMX)
    pages.add_partial("exercise results with an error", refused, 400)

    mismatch = {"email": "new@example.com", "password1": "a", "password2": "b"}
    pages.add("sign up with errors", client.post(reverse("signup"), mismatch))
    known = {"email": owner.email, "password1": PASSWORD, "password2": PASSWORD}
    pages.add("sign up with a known address", client.post(reverse("signup"), {**known}))
    wrong = {"username": owner.email, "password": "wrong"}
    pages.add("log in with a wrong password", client.post(reverse("login"), wrong))
    pages.add("start with a bad routine", client.post(reverse("workouts:start"), {}), 400)

    uid = urlsafe_b64encode(str(owner.pk).encode()).decode().rstrip("=")
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(owner)])
    pages.add("set a new password", client.get(link, follow=True))
    bad = reverse("password_reset_confirm", args=[uid, "bad-token"])
    pages.get(client, "reset link that does not work", bad)


def error_pages(pages: Pages) -> None:
    client = Client()
    pages.get(client, "404", "/no-such-page/", 404)
    pages.get(client, "405", reverse("logout"), 405)
    pages.get(client, "400 (a host we do not serve)", "/", 400, HTTP_HOST="elsewhere.invalid")
    strict = Client(enforce_csrf_checks=True)
    pages.add("403 (no CSRF token)", strict.post(reverse("login"), {}), 403)
    too_big = strict.generic(
        "POST",
        reverse("login"),
        b"x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )
    pages.add("413", too_big, 413)
    wrong = {"username": "locked@example.com", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), wrong)
    pages.add("429 (login paused)", client.post(reverse("login"), wrong), 429)
    request = RequestFactory().get("/")
    pages.add("500", server_error(request), 500)
    pages.add("503", database_unavailable(request), 503)


def document(page: Page) -> str:
    if page.wrap is None:
        return page.html
    before, after = page.wrap
    # One line before the fragment, so its line numbers are the file's minus one.
    head = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{page.name}'
    return f"{head}</title></head><body>{before}\n{page.html}\n{after}</body></html>\n"


def check(pages: list[Page], folder: Path) -> list[str]:
    """Run the checker once over every page; one readable line per error."""
    files: list[tuple[Path, Page, int]] = []  # the file, its page, the wrapper's lines
    for number, page in enumerate(pages, 1):
        path = folder / f"{number:03}.html"
        path.write_text(document(page), encoding="utf-8")
        files.append((path, page, 0 if page.wrap is None else 1))
    for icon in sorted((ROOT / "static" / "img").glob("*.svg")):
        files.append((icon, Page(f"static/img/{icon.name}", "", None), 0))
    by_uri = {path.resolve().as_uri(): (page, offset) for path, page, offset in files}
    command = [*vnu_command(), "--errors-only", "--also-check-svg", "--format", "json", "--stdout"]
    result = subprocess.run(
        [*command, *(str(path) for path, _, _ in files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"The HTML checker did not answer: {result.stderr[-2000:]}", pytrace=False)
    errors = []
    for message in messages:
        page, offset = by_uri.get(_uri(message.get("url", "")), (Page("?", "", None), 0))
        line = message.get("lastLine", 0) - offset
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{page.name}, line {line}: {message['message']}  [{extract}]")
    svgs = len(files) - len(pages)
    print(f"HTML checker: {len(pages)} pages and {svgs} SVG files, {len(errors)} errors")
    return errors


def _uri(url: str) -> str:
    """The checker says file:/tmp/x; Python says file:///tmp/x."""
    return "file://" + url.removeprefix("file:") if url.startswith("file:/") else url


def test_every_page_is_valid_html(tmp_path, owner, full_routine, quick_routine):
    vnu_command()  # fail at once, before the pages are made, when there is no checker
    pages = Pages()
    signed_out, signed_in = Client(), Client()
    signed_in.force_login(owner)

    signed_out_pages(pages, signed_out, owner)
    anonymous_workout(pages, signed_out, quick_routine)
    signed_in_workouts(pages, signed_in, owner, full_routine, quick_routine)
    routine_pages(pages, signed_in, owner)
    history_pages(pages, signed_in, owner)
    account_pages(pages, signed_in, owner)
    error_pages(pages)

    errors = check(pages.pages, tmp_path)
    listing = "\n".join(errors)
    assert not errors, f"{len(errors)} HTML errors in {len(pages.pages)} pages:\n{listing}"


@pytest.mark.django_db  # no query; conftest's autouse reset of the throttles needs it
def test_a_number_field_is_given_back_a_number_or_nothing():
    """HTML allows only a number in a number field's value; a refused word is left out."""
    given = [12, "7", " 8 ", "-3", "2.5", "1e3", "lots", "12abc", "", None]
    assert [html_number(value) for value in given] == [
        *("12", "7", "8", "-3", "2.5", "1e3"),
        *("", "", "", ""),
    ]
