"""What notifications needs from orders: the ``order.*`` events, each read by notifications' real handler.

Every handler reads the order's id and its customer's id (to ask users where to write);
``order.placed`` and ``order.confirmed`` also read the total, ``order.rejected`` the reason.
"""

import pytest
from pact import match

from microshop_testing.pacts import consume_expected_events, expect_event
from notifications.bootstrap import event_handlers
from notifications.models import Notification
from tests.factories import UserAccountFactory

pytestmark = pytest.mark.django_db

TOTAL = match.regex("25.00", regex=r"^\d+\.\d{2}$")


@pytest.fixture
def orders(pact_with):
    return pact_with("orders")


@pytest.fixture
def customer(users_stub):
    """The customer of every order here, as users describes them (users is stubbed over HTTP)."""
    return users_stub.has(UserAccountFactory(id=1001, email="ada@example.com"))


def test_a_placed_order_is_acknowledged_with_its_total(orders, customer):
    expect_event(orders, "order.placed", {"order_id": match.int(5001), "user_id": match.int(1001), "total": TOTAL})

    consume_expected_events(orders, event_handlers())

    notification = Notification.objects.get(type="order_placed")
    assert (notification.user_id, notification.recipient) == (1001, "ada@example.com")
    assert "#5001" in notification.subject
    assert "25.00" in notification.message


def test_a_confirmed_order_is_announced_with_its_total(orders, customer):
    expect_event(orders, "order.confirmed", {"order_id": match.int(5002), "user_id": match.int(1001), "total": TOTAL})

    consume_expected_events(orders, event_handlers())

    notification = Notification.objects.get(type="order_confirmed")
    assert (notification.user_id, notification.recipient) == (1001, "ada@example.com")
    assert "#5002" in notification.subject
    assert "25.00" in notification.message


def test_a_rejected_order_is_explained_with_the_reason(orders, customer):
    reason = "insufficient inventory for product 501: requested 2, available 1"
    expect_event(
        orders, "order.rejected", {"order_id": match.int(5003), "user_id": match.int(1001), "reason": match.str(reason)}
    )

    consume_expected_events(orders, event_handlers())

    notification = Notification.objects.get(type="order_rejected")
    assert (notification.user_id, notification.recipient) == (1001, "ada@example.com")
    assert "#5003" in notification.subject
    assert reason in notification.message


def test_a_cancelled_order_is_confirmed_to_the_customer(orders, customer):
    expect_event(orders, "order.cancelled", {"order_id": match.int(5004), "user_id": match.int(1001)})

    consume_expected_events(orders, event_handlers())

    notification = Notification.objects.get(type="order_cancelled")
    assert (notification.user_id, notification.recipient) == (1001, "ada@example.com")
    assert "#5004" in notification.subject
