"""Orders as a black box: its API over HTTP, its events through the real broker.

The service runs as gunicorn, a Celery worker and the outbox relay, with production
settings. users and inventory are stub HTTP servers on free ports; the test is the
customer (it calls the API) and the event side of inventory and payments (it publishes
their outcomes and reads order events). Nothing else of the system is running.
"""

import uuid
from dataclasses import asdict
from decimal import Decimal

import pytest
import requests
from celery import current_app

from microshop_testing.event_tap import EventTap
from microshop_testing.polling import wait_until
from microshop_testing.tokens import customer_token
from tests.component.inventory_events import stock_rejected_for
from tests.component.payments_events import payment_failed_for, payment_succeeded_for
from tests.factories import ProductInfoFactory, ShippingAddressFactory, UserAccountFactory


@pytest.fixture
def customer(users_server):
    return users_server.has(UserAccountFactory())


@pytest.fixture
def mug(inventory_server):
    mug = ProductInfoFactory(name="Test-driven mug", price=Decimal("12.50"), stock_quantity=10)
    inventory_server.has(mug)
    return mug


def headers_of(customer) -> dict[str, str]:
    return {"Authorization": f"Bearer {customer_token(customer.id, username=customer.username)}"}


def post_order(orders, customer, *lines: tuple[int, int], correlation_id: str | None = None) -> requests.Response:
    payload = {
        "items": [{"product_id": product_id, "quantity": quantity} for product_id, quantity in lines],
        "shipping_address": asdict(ShippingAddressFactory()),
        "payment_method": "tok_visa",
    }
    headers = headers_of(customer) | ({"X-Correlation-ID": correlation_id} if correlation_id else {})
    return requests.post(f"{orders.url}/api/orders/", json=payload, headers=headers, timeout=10)


def place_order(orders, customer, *lines: tuple[int, int], tap: EventTap) -> dict:
    """Place an order over HTTP and return the ``order.placed`` envelope orders published for it."""
    response = post_order(orders, customer, *lines)
    assert response.status_code == 201, response.text
    return tap.wait_for("order.placed", order_id=response.json()["id"])


def order_status(orders, customer, order_id: int) -> str:
    response = requests.get(f"{orders.url}/api/orders/{order_id}/", headers=headers_of(customer), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["status"]


def orders_of(orders, customer) -> list[dict]:
    response = requests.get(f"{orders.url}/api/orders/", headers=headers_of(customer), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_a_placed_order_is_pending_and_order_placed_goes_out_on_the_broker(orders, customer, mug):
    correlation_id = str(uuid.uuid4())

    with EventTap(current_app) as tap:
        response = post_order(orders, customer, (mug.product_id, 2), correlation_id=correlation_id)
        assert response.status_code == 201, response.text
        placed = tap.wait_for("order.placed", order_id=response.json()["id"])

    assert (response.json()["status"], response.json()["total"]) == ("pending", "25.00")
    assert placed["producer"] == "orders"
    assert placed["data"] == {
        "order_id": response.json()["id"],
        "user_id": customer.id,
        "items": [{"product_id": mug.product_id, "quantity": 2, "unit_price": "12.50"}],
        "total": "25.00",
        "payment_method": "tok_visa",
    }
    assert placed["correlation_id"] == correlation_id


def test_users_and_inventory_are_asked_under_the_customer_s_correlation_id(
    orders, customer, mug, users_server, inventory_server
):
    correlation_id = str(uuid.uuid4())

    response = post_order(orders, customer, (mug.product_id, 1), correlation_id=correlation_id)

    assert response.status_code == 201, response.text
    [asked_users] = users_server.requests
    [asked_inventory] = inventory_server.requests
    assert asked_users.path == f"/api/internal/users/{customer.id}/"
    assert asked_inventory.args["ids"] == str(mug.product_id)
    assert asked_users.headers["X-Correlation-ID"] == asked_inventory.headers["X-Correlation-ID"] == correlation_id


def test_payment_succeeded_on_the_broker_confirms_the_order_and_order_confirmed_goes_out(
    orders, customer, mug, event_publisher
):
    with EventTap(current_app) as tap:
        placed = place_order(orders, customer, (mug.product_id, 2), tap=tap)
        order_id = placed["data"]["order_id"]

        event_publisher(payment_succeeded_for(placed))
        confirmed = tap.wait_for("order.confirmed", order_id=order_id)

    wait_until(lambda: order_status(orders, customer, order_id) == "confirmed", message="the order to be confirmed")
    assert confirmed["data"] == {"order_id": order_id, "user_id": customer.id, "total": "25.00"}
    assert confirmed["correlation_id"] == placed["correlation_id"]


def test_stock_rejected_on_the_broker_rejects_the_order_and_order_rejected_goes_out(
    orders, customer, mug, event_publisher
):
    reason = f"insufficient inventory for product {mug.product_id}"
    with EventTap(current_app) as tap:
        placed = place_order(orders, customer, (mug.product_id, 2), tap=tap)
        order_id = placed["data"]["order_id"]

        event_publisher(stock_rejected_for(placed, reason=reason))
        rejected = tap.wait_for("order.rejected", order_id=order_id)

    wait_until(lambda: order_status(orders, customer, order_id) == "rejected", message="the order to be rejected")
    assert rejected["data"] == {"order_id": order_id, "user_id": customer.id, "reason": reason}


def test_payment_failed_on_the_broker_rejects_the_order_and_order_rejected_goes_out(
    orders, customer, mug, event_publisher
):
    with EventTap(current_app) as tap:
        placed = place_order(orders, customer, (mug.product_id, 2), tap=tap)
        order_id = placed["data"]["order_id"]

        event_publisher(payment_failed_for(placed, reason="Your card was declined."))
        rejected = tap.wait_for("order.rejected", order_id=order_id)

    wait_until(lambda: order_status(orders, customer, order_id) == "rejected", message="the order to be rejected")
    assert rejected["data"] == {
        "order_id": order_id,
        "user_id": customer.id,
        "reason": "payment failed: Your card was declined.",
    }


def test_a_customer_cancels_over_http_and_order_cancelled_goes_out(orders, customer, mug):
    with EventTap(current_app) as tap:
        order_id = place_order(orders, customer, (mug.product_id, 1), tap=tap)["data"]["order_id"]

        response = requests.post(
            f"{orders.url}/api/orders/{order_id}/cancel/", headers=headers_of(customer), timeout=10
        )
        cancelled = tap.wait_for("order.cancelled", order_id=order_id)

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert cancelled["data"] == {"order_id": order_id, "user_id": customer.id}


def test_users_failing_with_a_500_is_a_503_users_unavailable_and_no_order(
    orders, customer, mug, users_server, inventory_server
):
    users_server.fails_with(500)

    response = post_order(orders, customer, (mug.product_id, 1))

    assert response.status_code == 503
    assert response.json()["code"] == "USERS_UNAVAILABLE"
    assert orders_of(orders, customer) == []
    assert not inventory_server.was_asked_about(mug.product_id)


def test_inventory_slower_than_the_service_timeout_is_a_503_inventory_unavailable(
    orders, customer, mug, inventory_server
):
    inventory_server.answers_slowly()

    response = post_order(orders, customer, (mug.product_id, 1))

    assert response.status_code == 503
    assert response.json()["code"] == "INVENTORY_UNAVAILABLE"
    assert inventory_server.was_asked_about(mug.product_id)
    assert orders_of(orders, customer) == []


def test_inventory_down_is_a_503_inventory_unavailable(orders, customer, mug, inventory_server):
    inventory_server.goes_down()

    response = post_order(orders, customer, (mug.product_id, 1))

    assert response.status_code == 503
    assert response.json()["code"] == "INVENTORY_UNAVAILABLE"
    assert orders_of(orders, customer) == []
