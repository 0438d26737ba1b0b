"""What orders needs from payments: the outcome of each order's charge, read by orders' real handlers.

``payment.succeeded`` confirms the order, and its handler reads the order's id;
``payment.failed`` rejects it, and its handler reads the order's id and the reason.
"""

import pytest
from pact import match

from microshop_testing.pacts import consume_expected_events, expect_event
from orders.bootstrap import event_handlers
from orders.domain import OrderStatus
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(pact_with):
    return pact_with("payments")


def test_payment_succeeded_confirms_the_pending_order(payments):
    order = OrderFactory(id=9101)
    expect_event(payments, "payment.succeeded", {"order_id": match.int(9101)})

    consume_expected_events(payments, event_handlers())

    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_payment_failed_rejects_the_pending_order_with_the_reason(payments):
    order = OrderFactory(id=9102)
    expect_event(
        payments, "payment.failed", {"order_id": match.int(9102), "reason": match.str("Your card was declined.")}
    )

    consume_expected_events(payments, event_handlers())

    order.refresh_from_db()
    assert (order.status, order.rejection_reason) == (OrderStatus.REJECTED, "payment failed: Your card was declined.")
