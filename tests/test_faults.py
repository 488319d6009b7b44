"""The database in trouble (issue 14, F9 and F10): a lock held for longer than a request
should wait answers 503 at once instead of hanging the workers, /healthz tells within 2 s,
and everything works again by itself when the fault ends.

SQLite needs a file database here (settings_test.py gives it one), so that a second
connection can hold its lock.
"""

import contextlib
import sqlite3
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from exercises.models import Routine
from hipdips.cache import DatabaseCache
from hipdips.models import HealthProbe, User
from tests.helpers import run_at_once, sign_up


@contextlib.contextmanager
def database_held_by_another_connection():
    """SQLite: another connection holds the write lock. PostgreSQL: another connection
    holds the tables a sign-up and the health check write to."""
    if connection.vendor == "sqlite":
        holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = connection.get_new_connection(connection.get_connection_params())
        holder.execute("LOCK TABLE hipdips_user, hipdips_healthprobe IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_f9_a_database_locked_for_too_long_answers_503_and_recovers(builtin_rows, settings):
    client = Client()
    quick = Routine.objects.get(name="Quick routine")
    with database_held_by_another_connection():
        response, waited = timed(lambda: sign_up(client))
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        assert "Busy for a moment" in response.content.decode()
        # It waited for the lock as long as the settings say, and not the old 20 s.
        assert settings.DB_LOCK_TIMEOUT - 0.5 < waited < settings.DB_LOCK_TIMEOUT + 3

        # A workout started, with no limit in the way: the same answer.
        response = client.post(reverse("workouts:start"), {"routine": quick.pk})
        assert response.status_code == 503

        health, waited = timed(lambda: client.get("/healthz"))
        assert health.status_code == 503
        assert waited < 2

    # The lock ends: the same client, the same workers, nothing restarted.
    assert client.get("/healthz").status_code == 200
    assert sign_up(client).status_code == 302
    assert User.objects.filter(email="new@example.com").exists()


def test_healthz_answers_ok_and_leaves_nothing_behind(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"].startswith("max-age=0")
    assert not HealthProbe.objects.exists()


@pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="a PostgreSQL server's disk is not the app's to see"
)
def test_f10_healthz_answers_503_when_the_database_disk_is_nearly_full(client, db, settings):
    settings.HEALTHZ_MIN_FREE_BYTES = 2**62  # more than any disk has free
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"disk nearly full" in response.content

    settings.HEALTHZ_MIN_FREE_BYTES = 0
    assert client.get("/healthz").status_code == 200


def test_a_database_fault_outside_a_view_is_a_503_too(client, quick_routine, monkeypatch):
    """The session is saved on the way out, after the view: still our 503, not a 500."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    def locked(self, must_create=False):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SessionStore, "save", locked)
    client.raise_request_exception = False
    response = client.post(reverse("workouts:start"), {"routine": quick_routine.pk})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_a_redis_that_cannot_be_reached_answers_503_not_500(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "hipdips.cache.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    response, waited = timed(lambda: sign_up(client))
    assert response.status_code == 503 and waited < 2
    health = client.get("/healthz")
    assert health.status_code == 503
    assert b"redis unavailable" in health.content


def test_counts_added_by_many_workers_at_once_are_all_kept(transactional_db):
    store, counts = caches["throttle"], []

    def count_25(worker: int) -> None:
        for _ in range(25):
            counts.append(store.count("attempts", 60)[0])

    run_at_once(count_25, workers=8)
    # Each attempt got a number of its own, the first one included: none lost, none twice.
    assert sorted(counts) == list(range(1, 201))
    assert store.peek("attempts")[0] == 200


def test_a_count_says_how_long_it_is_kept_and_can_be_given_back(db):
    store = caches["throttle"]
    assert store.peek("tries") == (0, 0)
    assert store.count("tries", 900) == (1, 900)
    store.count("tries", 900)
    store.take_back("tries")
    count, seconds_left = store.peek("tries")
    assert count == 1 and 898 <= seconds_left <= 900
    store.take_back("nothing-counted")  # no period running: nothing to give back
    assert store.peek("nothing-counted") == (0, 0)


def test_the_database_store_starts_a_new_period_once_a_count_expires(db):
    # A table of its own: the throttles may be using Redis in this run.
    call_command("createcachetable", "test_store", verbosity=0)
    store = DatabaseCache("test_store", {})
    store.count("gone", 600)
    store.count("gone", 600)
    store.count("kept", 600)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE test_store SET expires = %s WHERE cache_key LIKE %s",
            [connection.ops.adapt_datetimefield_value(_an_hour_ago()), "%gone"],
        )
    assert store.peek("gone") == (0, 0)  # an expired count is no count
    assert store.delete_expired() == 1
    assert store.count("gone", 600) == (1, 600)
    assert store.peek("kept")[0] == 1


def _an_hour_ago():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(hours=1)
