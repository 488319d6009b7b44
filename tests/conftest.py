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
