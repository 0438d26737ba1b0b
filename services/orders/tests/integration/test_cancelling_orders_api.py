import pytest

from orders.models import Order
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def cancel(client, order: Order):
    return client.post(f"/api/orders/{order.pk}/cancel/")


@pytest.mark.parametrize("status", ["pending", "confirmed"])
def test_a_customer_cancels_a_pending_or_confirmed_order(client_for, status):
    order = OrderFactory(user_id=7, status=status)

    response = cancel(client_for(user_id=7), order)

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["items"][0]["quantity"] == 2
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_cancelling_publishes_order_cancelled_for_inventory_to_give_the_stock_back(client_for, published_events):
    order = OrderFactory(user_id=7, status="confirmed")

    cancel(client_for(user_id=7), order)

    [event] = published_events("order.cancelled")
    assert event["data"] == {"order_id": order.pk, "user_id": 7}


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_a_rejected_or_cancelled_order_cannot_be_cancelled(client_for, published_events, status):
    order = OrderFactory(user_id=7, status=status)

    response = cancel(client_for(user_id=7), order)

    assert response.status_code == 409
    assert response.json() == {
        "error": "Order not cancellable",
        "code": "ORDER_NOT_CANCELLABLE",
        "detail": f"Order {order.pk} is {status}; only pending or confirmed orders can be cancelled",
    }
    assert Order.objects.get(pk=order.pk).status == status
    assert published_events("order.cancelled") == []


def test_another_customer_cannot_cancel_an_order(client_for, published_events):
    order = OrderFactory(user_id=7)

    response = cancel(client_for(user_id=8), order)

    assert response.status_code == 403
    assert Order.objects.get(pk=order.pk).status == "pending"
    assert published_events("order.cancelled") == []


def test_staff_cancel_any_order(client_for):
    order = OrderFactory(user_id=7)

    response = cancel(client_for(user_id=1, is_staff=True), order)

    assert response.status_code == 200
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_cancelling_an_unknown_order_is_a_404(client_for):
    response = client_for(user_id=7).post("/api/orders/987654/cancel/")

    assert response.status_code == 404
    assert response.json()["code"] == "ORDER_NOT_FOUND"
