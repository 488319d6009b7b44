"""Security guards generated from the URL conf, so that a new URL cannot be forgotten:
ownership (404 for another user), CSRF on every POST, and the headers of every page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from exercises.models import Routine
from sessions import lifecycle
from sessions.models import SetLog
from tests.helpers import do_sets, own_routine, start

# URL arguments that name something a user owns, and how to make one for the owner.
OWNED = {
    "session_id": lambda data: data["session"].pk,
    "set_id": lambda data: data["set"].pk,
    "routine_id": lambda data: data["routine"].pk,
}
# URL arguments that name public things, or carry their own proof (a reset token).
PUBLIC = {"slug": "squat", "uidb64": "MQ", "token": "set-password"}


def url_patterns():
    """(name, argument names) of every URL of ours; the admin guards itself."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, sorted(pattern.pattern.converters)

    return sorted(walk(get_resolver().url_patterns))


ALL_URLS = url_patterns()
OWNED_URLS = [(name, args) for name, args in ALL_URLS if set(args) & set(OWNED)]

# The methods each URL that names owned data answers (its view's require_... decorator):
# any other method is a 405 before anything is looked up, so it tells nothing of the data.
GET, POST = ("GET", "HEAD"), ("POST",)
METHODS = {
    "history:session": GET,
    "history:session_delete": GET + POST,
    "history:set_delete": GET + POST,
    "history:set_edit": GET + POST,
    "history:set_row": GET,
    "routines:copy": POST,
    "routines:delete": GET + POST,
    "routines:detail": GET,
    "routines:edit": GET + POST,
    "workouts:add_set": POST,
    "workouts:add_time": POST,
    "workouts:begin": POST,
    "workouts:change_hold": POST,
    "workouts:end": GET + POST,
    "workouts:offline": GET,
    "workouts:pause": POST,
    "workouts:player": GET,
    "workouts:resume": POST,
    "workouts:screen": GET,
    "workouts:set_done": POST,
    "workouts:skip_exercise": GET + POST,
    "workouts:skip_rest": POST,
}
# Those that send a visitor to log in (a workout belongs to a browser without an account).
LOGIN_REQUIRED = {name for name in METHODS if name.startswith("history:")} | {
    "routines:copy",
    "routines:delete",
    "routines:edit",
}


def test_every_url_argument_is_known_as_owned_or_public():
    unknown = {arg for _, args in ALL_URLS for arg in args} - set(OWNED) - set(PUBLIC)
    assert not unknown, f"Say whether these URL arguments name owned data: {unknown}"
    assert len(OWNED_URLS) >= 15


def test_every_url_naming_owned_data_says_which_methods_it_answers():
    assert set(METHODS) == {name for name, _ in OWNED_URLS}
    assert LOGIN_REQUIRED.issubset(METHODS)


def assert_answer(response, name: str, method: str, *, otherwise: int) -> None:
    """A method the view does not take is a 405 naming the ones it does; else `otherwise`."""
    if method in METHODS[name]:
        assert response.status_code == otherwise, (name, method, response.status_code)
    else:
        assert response.status_code == 405, (name, method, response.status_code)
        assert response["Allow"] == ", ".join(METHODS[name])


@pytest.fixture
def owned(owner, quick_routine):
    session = start(quick_routine, owner)
    do_sets(session, 1, reps=10)
    return {"session": session, "set": SetLog.objects.get(), "routine": own_routine(owner)}


def url_for(name: str, args: list[str], data: dict) -> str:
    kwargs = {arg: OWNED[arg](data) if arg in OWNED else PUBLIC[arg] for arg in args}
    return reverse(name, kwargs=kwargs)


def snapshot(data) -> tuple:
    session, logged, routine = data["session"], data["set"], data["routine"]
    session.refresh_from_db()
    logged.refresh_from_db()
    routine.refresh_from_db()
    return (
        session.state,
        session.position,
        session.phase,
        logged.reps,
        routine.name,
        Routine.objects.count(),
        SetLog.objects.count(),
    )


@pytest.mark.parametrize(("name", "args"), OWNED_URLS, ids=[n for n, _ in OWNED_URLS])
def test_another_user_gets_a_404_and_changes_nothing(client, other, owned, name, args):
    client.force_login(other)
    url = url_for(name, args, owned)
    before = snapshot(owned)
    assert_answer(client.get(url), name, "GET", otherwise=404)
    post = client.post(
        url, {"step": 0, "reps": 1, "name": "x", "version": 0}, HTTP_HX_REQUEST="true"
    )
    assert_answer(post, name, "POST", otherwise=404)
    assert snapshot(owned) == before


@pytest.mark.parametrize(("name", "args"), OWNED_URLS, ids=[n for n, _ in OWNED_URLS])
def test_an_anonymous_visitor_is_sent_to_log_in_or_gets_a_404(client, owned, name, args):
    url = url_for(name, args, owned)
    before = snapshot(owned)
    answer = 302 if name in LOGIN_REQUIRED else 404
    for method, response in (("GET", client.get(url)), ("POST", client.post(url, {"step": 0}))):
        assert_answer(response, name, method, otherwise=answer)
        if response.status_code == 302:
            assert response.url == f"{reverse('login')}?next={url}"
    assert snapshot(owned) == before


@pytest.mark.parametrize(("name", "args"), ALL_URLS, ids=[n for n, _ in ALL_URLS])
@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_every_post_without_a_csrf_token_is_refused(owner, owned, name, args, htmx):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    before = snapshot(owned)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(url_for(name, args, owned), {"step": 0, "reps": 5}, **headers)
    assert response.status_code == 403
    assert snapshot(owned) == before


PAGES = [
    *["home", "learn", "exercises:list", "routines:list", "workouts:start", "login", "signup"],
    "offline",
]
SIGNED_IN_PAGES = ["history:list", "history:progress", "account", "routines:new"]


@pytest.mark.parametrize("name", PAGES + SIGNED_IN_PAGES)
def test_every_page_sends_the_security_headers(client, owner, name):
    if name in SIGNED_IN_PAGES:
        client.force_login(owner)
    response = client.get(reverse(name))
    assert response.status_code == 200
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert "'nonce-" in csp["script-src"] and "unsafe-inline" not in csp["script-src"]
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_production_settings_mark_cookies_secure_and_send_hsts():
    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="hipdips.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_ALLOWED_HOSTS="hipdips.example",
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr


def test_anonymous_visitors_cannot_reach_a_users_session_by_guessing_it(
    client, owner, quick_routine
):
    session = start(quick_routine, owner)
    assert client.get(reverse("workouts:player", args=[session.pk])).status_code == 404
    # Claiming only ever takes sessions without an owner.
    assert lifecycle.claim_sessions(user=owner, anonymous_ids=[str(session.pk)]) == 0
    assert lifecycle.open_session_for(AnonymousUser(), [str(session.pk)]) is None


def test_personal_pages_and_exports_are_never_stored_by_a_cache(owner_client, quick_routine):
    for url in ("/history/", "/progress/", "/accounts/", "/history/export.csv", "/routines/", "/"):
        response = owner_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_public_pages_stay_cacheable_for_a_visitor_and_the_csrf_cookie_is_not_for_scripts(
    client, db
):
    response = client.get("/learn/")
    assert "no-store" not in response.get("Cache-Control", "")
    login = client.get("/accounts/login/")
    assert login.cookies["csrftoken"]["httponly"]
