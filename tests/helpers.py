"""Shared steps for tests: workouts as a person goes through them (in the rules, or over
HTTP), accounts, pages read as HTML, a clock to hold still, and stand-ins for slow services."""

import re
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import lru_cache

from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import AnonymousUser
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connections
from django.db.models import F
from django.test.html import Element, parse_html
from django.urls import reverse

from exercises.models import Exercise, Routine
from sessions import actions, lifecycle
from sessions.models import Phase, SetLog, State, WorkoutSession
from tests.conftest import PASSWORD

# Workouts, through the rules (sessions.logic)


def start(routine, user=None, *, replace: bool = False) -> WorkoutSession:
    return lifecycle.start_session(
        routine=routine, user=user or AnonymousUser(), anonymous_ids=[], replace=replace
    )


def begun(routine, user=None) -> WorkoutSession:
    """A session at its first set, Get ready behind it."""
    session = start(routine, user)
    assert actions.begin(session, step=0)
    return session


def do_sets(session: WorkoutSession, count: int | None = None, reps: int = 11) -> None:
    """Go through `count` sets (all of them when None): begin, do each set, skip each rest."""
    done = 0
    while session.state != State.COMPLETED and (count is None or done < count):
        if session.phase == Phase.READY:
            actions.begin(session, step=session.position)
        elif session.phase == Phase.REST:
            actions.end_rest(session, step=session.position)
        assert actions.log_set(session, step=session.position, reps=reps) == actions.Outcome.DONE
        done += 1


def workout(
    routine, user=None, *, sets: int | None = None, reps: int = 12, when: datetime | None = None
) -> WorkoutSession:
    """A workout done and over: `sets` sets (all when None), then ended if any were left,
    started at `when` (now when None). An open session of the user's is ended first."""
    session = start(routine, user, replace=True)
    do_sets(session, sets, reps=reps)
    if session.is_open:
        assert lifecycle.end_session(session)
    if when is not None:
        move_back(session, session.started_at - when)
    return session


def move_back(session: WorkoutSession, by: timedelta) -> None:
    """The session as if done `by` earlier: its start, end, last move and every set."""
    WorkoutSession.objects.filter(pk=session.pk).update(
        started_at=F("started_at") - by,
        finished_at=F("finished_at") - by,
        touched_at=F("touched_at") - by,
    )
    SetLog.objects.filter(session=session).update(logged_at=F("logged_at") - by)
    session.refresh_from_db()


def own_routine(owner, name: str = "Mine", slugs: tuple[str, ...] = ("squat",)) -> Routine:
    """A routine of the owner's, with an item of each exercise named."""
    routine = Routine.objects.create(owner=owner, name=name)
    for position, slug in enumerate(slugs):
        routine.items.create(position=position, exercise=Exercise.objects.get(slug=slug))
    return routine


# Workouts and accounts over HTTP, as a browser sends them

HTMX = {"HTTP_HX_REQUEST": "true"}


def start_over_http(client, routine) -> WorkoutSession:
    """Start from the start page; the answer leads to the new session's player."""
    response = client.post(reverse("workouts:start"), {"routine": routine.pk})
    assert response.status_code == 303
    session = WorkoutSession.objects.latest("started_at")
    assert response.url == reverse("workouts:player", args=[session.pk])
    return session


def begun_over_http(client, routine) -> WorkoutSession:
    """Started from the start page, and Begin pressed: at the first set."""
    session = start_over_http(client, routine)
    assert act(client, session, "begin", step=0).status_code == 303
    return session


def act(client, session: WorkoutSession, action: str, htmx: bool = False, **data):
    """Press a player button: POST to workouts:<action>, as a form or through htmx."""
    url = reverse(f"workouts:{action}", args=[session.pk])
    return client.post(url, data, **(HTMX if htmx else {}))


def player_page(client, session: WorkoutSession):
    return client.get(reverse("workouts:player", args=[session.pk]))


def sign_up_form(**fields: str) -> dict[str, str]:
    """What the sign-up form sends: a new address, the test password twice, UTC."""
    return {
        "email": "new@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "UTC",
        **fields,
    }


def sign_up(client, email: str = "new@example.com", **extra):
    return client.post(reverse("signup"), sign_up_form(email=email), **extra)


def log_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


# Pages read as HTML: what an element is, whatever order its attributes are written in


@lru_cache(maxsize=64)
def _parsed(html: str) -> Element:
    return parse_html(html)


def _content(page) -> str:
    return page if isinstance(page, str) else page.content.decode()


def elements(page, tag: str | None, **attributes: str | bool) -> list[Element]:
    """The `tag` elements (None: of any tag) of a page (a response, its HTML, or an element
    found before), in page order, that have these attributes: a string is the value, True
    any value, False the attribute absent; class_="a b" means both classes among others.
    In names an underscore stands for a hyphen (aria_invalid), a trailing one is dropped
    (class_). Attribute names are lowercase, as HTML reads them (SVG's viewBox: viewbox)."""
    root = page if isinstance(page, Element) else _parsed(_content(page))
    wanted = {name.rstrip("_").replace("_", "-").lower(): v for name, v in attributes.items()}

    def matches(element: Element) -> bool:
        have = dict(element.attributes)
        for name, value in wanted.items():
            if value is True or value is False:
                if (name in have) != value:
                    return False
            elif name == "class":
                if not set(value.split()) <= set((have.get("class") or "").split()):
                    return False
            elif have.get(name) != value:
                return False
        return True

    found = []

    def walk(element: Element) -> None:
        if element.name and tag in (None, element.name) and matches(element):
            found.append(element)
        for child in element.children:
            if isinstance(child, Element):
                walk(child)

    walk(root)
    return found


def the(page, tag: str, **attributes: str | bool) -> Element:
    """The one element of a page with this tag and these attributes."""
    found = elements(page, tag, **attributes)
    assert len(found) == 1, f"{len(found)} <{tag}> elements with {attributes}"
    return found[0]


def attribute(element: Element, name: str) -> str | None:
    """An attribute's value (None for a boolean attribute, or one that is absent)."""
    return dict(element.attributes).get(name.lower())


def text(element: Element) -> str:
    """The text in an element, its children's included, with spaces as a reader sees them."""
    parts = [c if isinstance(c, str) else text(c) for c in element.children]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def h1(response) -> str:
    found = elements(response, "h1")
    return text(found[0]) if found else ""


def field(response, name: str) -> str:
    """The value of the first input of that name, "" if the page has none."""
    found = elements(response, "input", name=name)
    return (attribute(found[0], "value") or "") if found else ""


# Time, threads and slow services


class Clock:
    """A stand-in for timezone.now(): the same moment until advanced (see the clock fixture)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class HeldMailBackend(LocmemBackend):
    """A mail server that holds each message until the test lets it go (see held_mail):
    a page that waited for its mail would not answer while it is held."""

    reached = threading.Event()  # a message is at the server, held
    released = threading.Event()

    def send_messages(self, messages):
        HeldMailBackend.reached.set()
        if not HeldMailBackend.released.wait(timeout=10):
            raise RuntimeError("The mail was held for 10 s: was it sent within a request?")
        return super().send_messages(messages)


@contextmanager
def held_mail(settings):
    """Mail reaches HeldMailBackend and waits there until the block ends."""
    settings.MAILERS = {"default": {"BACKEND": "tests.helpers.HeldMailBackend"}}
    HeldMailBackend.reached.clear()
    HeldMailBackend.released.clear()
    try:
        yield HeldMailBackend
    finally:
        HeldMailBackend.released.set()


class CountingHasher(MD5PasswordHasher):
    """A fast hash that counts its work: each password hashed, to set or to check it."""

    algorithm = "counted_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def hashes_made(call: Callable[[], object]) -> int:
    """How many passwords call() hashed (with CountingHasher in PASSWORD_HASHERS)."""
    before = CountingHasher.hashed
    call()
    return CountingHasher.hashed - before


def run_at_once(work: Callable[[int], None], workers: int) -> None:
    """Run work(0), work(1), ... in threads released at the same moment, as requests from
    several gunicorn workers would arrive; a failure in any thread fails the test."""
    barrier, failures = threading.Barrier(workers), []

    def run(worker: int) -> None:
        try:
            barrier.wait()
            work(worker)
        except BaseException as failure:
            failures.append(failure)
        finally:
            connections.close_all()  # each thread has its own database connection

    threads = [threading.Thread(target=run, args=[worker]) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]


def migrate_to(*targets: tuple[str, str]) -> None:
    """The database at these migrations ((app, name) each); with none, every app at its
    newest, where every migration test must leave it for the tests after it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())
