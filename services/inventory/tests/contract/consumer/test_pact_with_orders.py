"""What inventory needs from orders: ``order.placed`` and ``order.cancelled``, each read by inventory's real handler.

The handlers read the order's id and, for a placed order, each line's product and
quantity; nothing else (not the prices: inventory has its own).
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
def orders(pact_with):
    return pact_with("orders")


def test_a_placed_order_takes_its_lines_from_stock(orders):
    mug = ProductFactory(id=501, stock_quantity=10)
    line = {"product_id": match.int(501), "quantity": match.int(2)}
    expect_event(orders, "order.placed", {"order_id": match.int(9001), "items": match.each_like(line)})

    consume_expected_events(orders, event_handlers())

    mug.refresh_from_db()
    assert mug.stock_quantity == 8
    assert Reservation.objects.get(order_id=9001).status == Reservation.Status.RESERVED


def test_a_cancelled_order_gives_its_stock_back(orders):
    mug = ProductFactory(id=501, stock_quantity=10)
    stock_reserve(order_id=9002, lines=[StockLine(product_id=501, quantity=2)])
    expect_event(orders, "order.cancelled", {"order_id": match.int(9002)})

    consume_expected_events(orders, event_handlers())

    mug.refresh_from_db()
    assert mug.stock_quantity == 10
    assert Reservation.objects.get(order_id=9002).status == Reservation.Status.RELEASED
