"""What payments needs from inventory: ``stock.reserved``, read by payments' real handler.

Payments reads the order's id only: the stock is held, so the order can be charged.
"""

import pytest
from pact import match

from microshop_testing.pacts import consume_expected_events, expect_event
from payments.bootstrap import event_handlers
from payments.models import Payment
from tests.factories import PaymentFactory
from tests.fakes import FakePaymentProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def inventory(pact_with):
    return pact_with("inventory")


def test_reserved_stock_has_the_order_charged(inventory):
    PaymentFactory(order_id=9001)
    provider = FakePaymentProvider()
    expect_event(inventory, "stock.reserved", {"order_id": match.int(9001)})

    consume_expected_events(inventory, event_handlers(provider))

    assert Payment.objects.get(order_id=9001).status == "succeeded"
    assert [charge["key"] for charge in provider.charged] == ["order-9001-charge"]
