"""What inventory needs from payments: ``payment.failed``, read by inventory's real handler.

The handler reads the order's id, to give back the stock held for it; nothing else.
"""

import pytest
from pact import match

from inventory.bootstrap import event_handlers
from inventory.domain import StockLine
from inventory.models import Reservation
from inventory.services import stock_reserve
from microshop_testing.pacts import consume_expected_events, expect_event
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(pact_with):
    return pact_with("payments")


def test_a_failed_payment_gives_the_order_s_stock_back(payments):
    mug = ProductFactory(id=501, stock_quantity=10)
    stock_reserve(order_id=9101, lines=[StockLine(product_id=501, quantity=2)])
    expect_event(payments, "payment.failed", {"order_id": match.int(9101)})

    consume_expected_events(payments, event_handlers())

    mug.refresh_from_db()
    assert mug.stock_quantity == 10
    assert Reservation.objects.get(order_id=9101).status == Reservation.Status.RELEASED
