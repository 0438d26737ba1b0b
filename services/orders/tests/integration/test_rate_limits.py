"""Each customer may place only so many orders a minute; reading them is not limited.
The rate here is set low; its default is in the README."""

import pytest

from orders.models import Order
from tests.factories import ProductInfoFactory, UserAccountFactory, order_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("low_throttle_rates")]


def test_a_customer_placing_orders_too_fast_gets_429_and_nothing_is_saved(client_for, users_stub, inventory_stub):
    ann, bob = users_stub.has(UserAccountFactory()), users_stub.has(UserAccountFactory())
    mug = ProductInfoFactory(stock_quantity=10)
    inventory_stub.has(mug)
    for _ in range(2):
        assert client_for(user_id=ann.id).post("/api/orders/", order_request((mug.product_id, 1))).status_code == 201

    throttled = client_for(user_id=ann.id).post("/api/orders/", order_request((mug.product_id, 1)))

    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    assert throttled.json()["code"] == "THROTTLED"
    assert Order.objects.filter(user_id=ann.id).count() == 2
    assert client_for(user_id=bob.id).post("/api/orders/", order_request((mug.product_id, 1))).status_code == 201
    assert client_for(user_id=ann.id).get("/api/orders/").status_code == 200
