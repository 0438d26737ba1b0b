"""Orders as a black box inside the test process.

Everything goes in the way it does in production, and nothing else: customers' requests
through DRF's test client, the answers of inventory and payments through the real event handlers. users
and inventory answer over HTTP through ``responses`` stubs. What comes out is checked
where the rest of the system would see it: the API's answers and the envelopes in the
outbox, which the relay would publish.
"""

import uuid
from dataclasses import asdict
from decimal import Decimal

import pytest

from microshop_common.events.consumer import consume_event
from orders.bootstrap import event_handlers
from tests.component.inventory_events import stock_rejected_for
from tests.component.payments_events import payment_failed_for, payment_succeeded_for
from tests.factories import ProductInfoFactory, ShippingAddressFactory, UserAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(users_stub):
    return users_stub.has(UserAccountFactory())


@pytest.fixture
def customer_client(client_for, customer):
    return client_for(user_id=customer.id)


@pytest.fixture
def mug(inventory_stub):
    mug = ProductInfoFactory(name="Test-driven mug", price=Decimal("12.50"), stock_quantity=10)
    inventory_stub.has(mug)
    return mug


def order_request(*lines: tuple[int, int]) -> dict:
    return {
        "items": [{"product_id": product_id, "quantity": quantity} for product_id, quantity in lines],
        "shipping_address": asdict(ShippingAddressFactory()),
        "payment_method": "tok_visa",
    }


def place_order(client, *lines: tuple[int, int]) -> dict:
    response = client.post("/api/orders/", order_request(*lines))
    assert response.status_code == 201, response.content
    return response.json()


def the_only(published_events, event_type: str) -> dict:
    [envelope] = published_events(event_type)
    return envelope


def status_of(client, order_id: int) -> str:
    return client.get(f"/api/orders/{order_id}/").json()["status"]


def test_a_placed_order_is_announced_in_the_outbox_under_the_request_s_correlation_id(
    customer_client, customer, mug, published_events
):
    correlation_id = str(uuid.uuid4())

    response = customer_client.post(
        "/api/orders/", order_request((mug.product_id, 2)), HTTP_X_CORRELATION_ID=correlation_id
    )

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    placed = the_only(published_events, "order.placed")
    assert (placed["producer"], placed["version"], placed["correlation_id"]) == ("orders", 1, correlation_id)
    assert placed["data"] == {
        "order_id": response.json()["id"],
        "user_id": customer.id,
        "items": [{"product_id": mug.product_id, "quantity": 2, "unit_price": "12.50"}],
        "total": "25.00",
        "payment_method": "tok_visa",
    }


def test_a_successful_payment_confirms_the_order_and_order_confirmed_is_announced(
    customer_client, customer, mug, published_events
):
    order = place_order(customer_client, (mug.product_id, 2))
    paid = payment_succeeded_for(the_only(published_events, "order.placed"))

    consume_event(paid, event_handlers())

    assert status_of(customer_client, order["id"]) == "confirmed"
    confirmed = the_only(published_events, "order.confirmed")
    assert confirmed["data"] == {"order_id": order["id"], "user_id": customer.id, "total": "25.00"}
    assert confirmed["correlation_id"] == paid["correlation_id"]


def test_a_failed_payment_rejects_the_order_with_its_reason_and_order_rejected_is_announced(
    customer_client, customer, mug, published_events
):
    order = place_order(customer_client, (mug.product_id, 2))
    failed = payment_failed_for(the_only(published_events, "order.placed"), reason="Your card was declined.")

    consume_event(failed, event_handlers())

    body = customer_client.get(f"/api/orders/{order['id']}/").json()
    assert (body["status"], body["rejection_reason"]) == ("rejected", "payment failed: Your card was declined.")
    rejected = the_only(published_events, "order.rejected")
    assert rejected["data"] == {
        "order_id": order["id"],
        "user_id": customer.id,
        "reason": "payment failed: Your card was declined.",
    }
    assert rejected["correlation_id"] == failed["correlation_id"]


def test_inventory_s_refusal_rejects_the_order_with_its_reason_and_order_rejected_is_announced(
    customer_client, customer, mug, published_events
):
    order = place_order(customer_client, (mug.product_id, 2))
    reason = f"insufficient inventory for product {mug.product_id}"

    consume_event(stock_rejected_for(the_only(published_events, "order.placed"), reason=reason), event_handlers())

    body = customer_client.get(f"/api/orders/{order['id']}/").json()
    assert (body["status"], body["rejection_reason"]) == ("rejected", reason)
    rejected = the_only(published_events, "order.rejected")
    assert rejected["data"] == {"order_id": order["id"], "user_id": customer.id, "reason": reason}


def test_a_successful_payment_delivered_twice_confirms_the_order_once(customer_client, mug, published_events):
    order = place_order(customer_client, (mug.product_id, 1))
    paid = payment_succeeded_for(the_only(published_events, "order.placed"))
    consume_event(paid, event_handlers())

    handled_again = consume_event(paid, event_handlers())

    assert handled_again is False
    assert status_of(customer_client, order["id"]) == "confirmed"
    assert len(published_events("order.confirmed")) == 1


def test_a_confirmed_order_cancelled_by_its_customer_is_announced_as_order_cancelled(
    customer_client, customer, mug, published_events
):
    order = place_order(customer_client, (mug.product_id, 1))
    consume_event(payment_succeeded_for(the_only(published_events, "order.placed")), event_handlers())

    response = customer_client.post(f"/api/orders/{order['id']}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    cancelled = the_only(published_events, "order.cancelled")
    assert cancelled["data"] == {"order_id": order["id"], "user_id": customer.id}


def test_a_payment_outcome_arriving_after_the_customer_cancelled_leaves_the_order_cancelled(
    customer_client, mug, published_events
):
    order = place_order(customer_client, (mug.product_id, 1))
    placed = the_only(published_events, "order.placed")
    customer_client.post(f"/api/orders/{order['id']}/cancel/")

    consume_event(payment_succeeded_for(placed), event_handlers())
    consume_event(payment_failed_for(placed, reason="Your card was declined."), event_handlers())

    assert status_of(customer_client, order["id"]) == "cancelled"
    assert published_events("order.confirmed") == published_events("order.rejected") == []


def test_a_rejected_order_cannot_be_cancelled_and_nothing_is_announced(customer_client, mug, published_events):
    order = place_order(customer_client, (mug.product_id, 1))
    rejected = stock_rejected_for(the_only(published_events, "order.placed"), reason="out of stock")
    consume_event(rejected, event_handlers())

    response = customer_client.post(f"/api/orders/{order['id']}/cancel/")

    assert response.status_code == 409
    assert response.json()["code"] == "ORDER_NOT_CANCELLABLE"
    assert published_events("order.cancelled") == []


def test_orders_signs_one_service_token_per_neighbour_for_many_orders(customer_client, mug, users_stub, inventory_stub):
    # Signing with RSA costs far more than the request it authenticates, so a token is
    # kept for its lifetime; each carries a unique jti, so equal headers mean one token.
    place_order(customer_client, (mug.product_id, 1))
    place_order(customer_client, (mug.product_id, 1))

    for neighbour in (users_stub, inventory_stub):
        first, second = (request.headers["Authorization"] for request in neighbour.requests)
        assert first == second


@pytest.mark.usefixtures("users_stub")
def test_a_customer_users_does_not_know_cannot_order_and_inventory_is_not_asked(
    client_for, inventory_stub, mug, published_events
):
    stranger = UserAccountFactory()

    response = client_for(user_id=stranger.id).post("/api/orders/", order_request((mug.product_id, 1)))

    assert response.status_code == 403
    assert response.json()["code"] == "USER_NOT_FOUND"
    assert inventory_stub.requests == []
    assert published_events() == []
