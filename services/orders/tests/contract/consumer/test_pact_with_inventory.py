"""What orders needs from inventory: products, read by orders' real ``HttpInventoryClient``
(``GET /api/internal/products/?ids=``), and ``stock.rejected``, read by its real handler.

The client reads each product's id, name, SKU, price and stock on hand, and relies on
unknown ids being left out of the list. The handler reads the order's id and the reason.
Orders does not read ``stock.reserved``: payments does, and orders follows its outcome
(``test_pact_with_payments.py``).
"""

from decimal import Decimal

import pytest
from pact import match

from microshop_testing.pacts import consume_expected_events, expect_event, service_token_header
from orders.bootstrap import event_handlers
from orders.clients.inventory import HttpInventoryClient
from orders.domain import OrderStatus, ProductInfo
from tests.factories import OrderFactory

# Any JWT in the pact. The token orders' client really sends is checked as inventory checks it
# (issuer, audience, orders' key, lifetime) by the mock server of ``pact_with``; the
# provider's verification sends a live token of orders in its place.
SERVICE_TOKEN = service_token_header(caller="orders", callee="inventory")


@pytest.fixture
def inventory(pact_with):
    return pact_with("inventory")


def test_orders_reads_the_products_inventory_knows_and_no_others(inventory):
    (
        inventory.upon_receiving("a request for a known and an unknown product")
        .given("products exist", ids=[501])
        .with_request("GET", "/api/internal/products/")
        .with_query_parameter("ids", "501,999")
        .with_header("Authorization", SERVICE_TOKEN)
        .will_respond_with(200)
        .with_body(
            [
                {
                    "id": 501,
                    "name": match.str("Mug"),
                    "sku": match.str("MUG-501"),
                    "price": match.regex("12.50", regex=r"^\d+\.\d{2}$"),
                    "stock_quantity": match.int(10),
                }
            ],
            content_type="application/json",
        )
    )

    with inventory.serve() as server:
        products = HttpInventoryClient(base_url=server.url).get_products([999, 501])

    assert products == {
        501: ProductInfo(product_id=501, name="Mug", sku="MUG-501", price=Decimal("12.50"), stock_quantity=10)
    }


@pytest.mark.django_db
def test_stock_rejected_rejects_the_pending_order_with_the_reason(inventory):
    order = OrderFactory(id=9002)
    reason = "insufficient inventory for product 501: requested 2, available 1"
    expect_event(inventory, "stock.rejected", {"order_id": match.int(9002), "reason": match.str(reason)})

    consume_expected_events(inventory, event_handlers())

    order.refresh_from_db()
    assert (order.status, order.rejection_reason) == (OrderStatus.REJECTED, reason)
