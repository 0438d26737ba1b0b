"""Payments against every pact that names it: each ``payment.*`` event as the service function
that really causes it writes it to the outbox (``payment_charge`` and ``payment_cancel`` with
the provider faked).

Run the consumers' tests first to verify the pacts they write; alone, this verifies the
pacts committed in services/contracts/pacts/.
"""

import itertools

import pytest

from microshop_testing.pacts import consumers_of, outbox_message, verify_pact
from payments.services import payment_cancel, payment_charge
from tests.factories import PaymentFactory
from tests.fakes import FakePaymentProvider

CONSUMERS = ["inventory", "notifications", "orders"]

# pact-python asks for each message from a thread of its own, which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

# Each message is for an order of its own.
order_ids = itertools.count(9301)


def a_payment_succeeds():
    payment = PaymentFactory(order_id=next(order_ids), card_token="tok_visa")
    payment_charge(order_id=payment.order_id, provider=FakePaymentProvider())
    return outbox_message("payment.succeeded")


def a_payment_fails():
    payment = PaymentFactory(order_id=next(order_ids), card_token="tok_chargeDeclined")
    payment_charge(order_id=payment.order_id, provider=FakePaymentProvider())
    return outbox_message("payment.failed")


def a_payment_is_refunded():
    payment = PaymentFactory(order_id=next(order_ids), charged=True)
    payment_cancel(order_id=payment.order_id, provider=FakePaymentProvider())
    return outbox_message("payment.refunded")


MESSAGES = {
    "payment.succeeded": a_payment_succeeds,
    "payment.failed": a_payment_fails,
    "payment.refunded": a_payment_is_refunded,
}


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_payments_honours_its_pact_with(consumer):
    verify_pact(consumer=consumer, provider="payments", messages=MESSAGES)


def test_every_pact_naming_payments_is_verified_here():
    assert consumers_of("payments") == CONSUMERS
