"""What notifications needs from payments: ``payment.failed`` and ``payment.refunded``, each read
by notifications' real handler.

Both handlers read the order's id and its customer's id (to find where to write);
``payment.failed`` also reads the reason, ``payment.refunded`` the amount given back.
"""

import pytest
from pact import match

from microshop_testing.pacts import consume_expected_events, expect_event
from notifications.bootstrap import event_handlers
from notifications.models import Notification
from tests.factories import UserAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(pact_with):
    return pact_with("payments")


@pytest.fixture
def customer(users_stub):
    """The customer of every payment here, as users describes them (users is stubbed over HTTP)."""
    return users_stub.has(UserAccountFactory(id=1001, email="ada@example.com"))


def test_a_failed_payment_is_explained_with_the_reason(payments, customer):
    reason = "Your card was declined."
    expect_event(
        payments,
        "payment.failed",
        {"order_id": match.int(5101), "user_id": match.int(1001), "reason": match.str(reason)},
    )

    consume_expected_events(payments, event_handlers())

    notification = Notification.objects.get(type="payment_failed")
    assert (notification.user_id, notification.recipient) == (1001, "ada@example.com")
    assert "#5101" in notification.subject
    assert reason in notification.message


def test_a_refund_is_announced_with_the_amount(payments, customer):
    amount = match.regex("25.00", regex=r"^\d+\.\d{2}$")
    expect_event(
        payments, "payment.refunded", {"order_id": match.int(5102), "user_id": match.int(1001), "amount": amount}
    )

    consume_expected_events(payments, event_handlers())

    notification = Notification.objects.get(type="payment_refunded")
    assert (notification.user_id, notification.recipient) == (1001, "ada@example.com")
    assert "#5102" in notification.subject
    assert "25.00" in notification.message
