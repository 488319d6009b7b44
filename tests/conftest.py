import os

import pytest
from django.core.cache import caches

from hipdips.mail import wait_until_sent
from hipdips.models import User

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def fresh_limits(django_db_setup, django_db_blocker):
    """Every test starts with no attempts counted (the throttles' store, a table or Redis,
    outlives a test's transaction), and ends with its mail sent."""
    with django_db_blocker.unblock():
        caches["throttle"].clear()
    yield
    wait_until_sent()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Database tests first, then the transactional ones (which empty every table when they
    end, the data migrations' rows included), then the rest: Django's order, which
    pytest-django sets but pytest's own grouping of parametrized fixtures can undo."""

    def order(item: pytest.Item) -> int:
        fixtures, marker = item.fixturenames, item.get_closest_marker("django_db")
        if {"transactional_db", "live_server"} & set(fixtures):
            return 1
        if marker and marker.kwargs.get("transaction"):
            return 1
        return 0 if "db" in fixtures or marker else 2

    items.sort(key=order)


@pytest.fixture
def owner(db) -> User:
    return User.objects.create_user("owner@example.com", PASSWORD, time_zone="Europe/Berlin")


@pytest.fixture
def other(db) -> User:
    return User.objects.create_user("other@example.com", PASSWORD)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def full_routine(db):
    from exercises.models import Routine

    return Routine.objects.get(name="Full routine", owner=None)


@pytest.fixture
def quick_routine(db):
    from exercises.models import Routine

    return Routine.objects.get(name="Quick routine", owner=None)


@pytest.fixture
def django_app_client(db):
    """A second browser, with its own cookies."""
    from django.test import Client

    return Client()


def recreate_builtin_rows() -> None:
    """Run the data migrations again (they are idempotent).

    Transactional tests (live server, threads) empty every table afterwards, data-migration
    rows included; the next such test needs the six exercises and two routines back.
    """
    from importlib import import_module

    from django.apps import apps

    for name in ("0002_builtin_exercises", "0004_builtin_routines"):
        migration = import_module(f"exercises.migrations.{name}")
        for operation in migration.Migration.operations:
            operation.code(apps, None)


@pytest.fixture
def builtin_rows(transactional_db) -> None:
    recreate_builtin_rows()


# Property-based tests: about 50 examples per property in CI, thousands with `make fuzz`.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached fragments must not carry one test's rows into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() stands still at a whole second until the test moves it on."""
    from django.utils import timezone

    from tests.helpers import Clock

    frozen = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen
