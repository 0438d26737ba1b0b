"""What payments needs from orders: ``order.placed``, ``order.rejected`` and ``order.cancelled``,
each read by payments' real handler.

Payments reads the order's id, its customer, its total and the card token
(``payment_method``) from a placed order, and only the id from the others.
"""

from decimal import Decimal

import pytest
from pact import match

from microshop_testing.pacts import consume_expected_events, expect_event
from payments.bootstrap import event_handlers
from payments.models import Payment
from tests.factories import PaymentFactory
from tests.fakes import FakePaymentProvider

pytestmark = pytest.mark.django_db

CARD_TOKEN = match.regex("tok_visa", regex=r"^tok_[A-Za-z0-9_]{1,60}$")


@pytest.fixture
def orders(pact_with):
    return pact_with("orders")


def test_a_placed_order_is_recorded_for_its_total_and_card_token(orders):
    expect_event(
        orders,
        "order.placed",
        {
            "order_id": match.int(9001),
            "user_id": match.int(7),
            "total": match.regex("25.00", regex=r"^\d+\.\d{2}$"),
            "payment_method": CARD_TOKEN,
        },
    )

    consume_expected_events(orders, event_handlers(FakePaymentProvider()))

    payment = Payment.objects.get(order_id=9001)
    assert (payment.user_id, payment.amount, payment.card_token) == (7, Decimal("25.00"), "tok_visa")
    assert payment.status == "awaiting_stock"


def test_a_rejected_order_voids_its_payment(orders):
    PaymentFactory(order_id=9002)
    expect_event(orders, "order.rejected", {"order_id": match.int(9002)})

    consume_expected_events(orders, event_handlers(FakePaymentProvider()))

    assert Payment.objects.get(order_id=9002).status == "voided"


def test_a_cancelled_order_is_refunded(orders):
    PaymentFactory(order_id=9003, charged=True)
    provider = FakePaymentProvider()
    expect_event(orders, "order.cancelled", {"order_id": match.int(9003)})

    consume_expected_events(orders, event_handlers(provider))

    assert Payment.objects.get(order_id=9003).status == "refunded"
    assert [refund["key"] for refund in provider.refunded] == ["order-9003-refund"]
