import pytest

from hipdips.models import User

PASSWORD = "a-long-test-password-42"


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
