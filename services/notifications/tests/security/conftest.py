import pytest

from microshop_testing.security import World
from tests.factories import NotificationFactory


@pytest.fixture
def world() -> World:
    """The owner has a notification; notifications knows customers only by id."""
    notification = NotificationFactory()
    return World(
        owner_id=notification.user_id,
        other_id=notification.user_id + 1,
        staff_id=notification.user_id + 2,
        params={"user_id": notification.user_id},
    )
