"""What the database itself refuses, whatever the code above it does.

Each row below breaks one constraint and nothing else, and ``refused_by`` checks that the
database named that constraint: a refusal for any other reason fails the test.
"""

import pytest

from microshop_testing.constraints import refused_by
from orders.models import Order, OrderItem
from tests.factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


def test_one_customer_cannot_have_two_orders_with_the_same_idempotency_key():
    OrderFactory(user_id=7, idempotency_key="k-1")

    with refused_by(Order, "one_order_per_idempotency_key"):
        OrderFactory(user_id=7, idempotency_key="k-1")


def test_two_customers_may_use_the_same_idempotency_key():
    OrderFactory(user_id=7, idempotency_key="k-1")

    OrderFactory(user_id=8, idempotency_key="k-1")

    assert sorted(Order.objects.filter(idempotency_key="k-1").values_list("user_id", flat=True)) == [7, 8]


def test_orders_without_an_idempotency_key_do_not_collide():
    OrderFactory(user_id=7, idempotency_key=None)

    OrderFactory(user_id=7, idempotency_key=None)

    assert Order.objects.filter(user_id=7, idempotency_key__isnull=True).count() == 2


def test_an_item_needs_at_least_one_unit():
    with refused_by(OrderItem, "item_quantity_at_least_one"):
        OrderItemFactory(quantity=0)


def test_an_order_holds_each_product_once():
    order = OrderFactory(item=None)
    OrderItemFactory(order=order, product_id=5)

    with refused_by(OrderItem, "one_item_per_product"):
        OrderItemFactory(order=order, product_id=5)


def test_an_item_price_cannot_be_negative():
    with refused_by(OrderItem, "item_price_not_negative"):
        OrderItemFactory(unit_price="-0.01")


def test_an_order_total_cannot_be_negative():
    with refused_by(Order, "order_total_not_negative"):
        OrderFactory(total="-0.01", item=None)


def test_an_unknown_status_is_refused():
    with refused_by(Order, "order_status_known"):
        OrderFactory(status="shipped")


def test_a_shipping_address_lacking_a_field_is_refused():
    with refused_by(Order, "shipping_address_complete"):
        OrderFactory(shipping_address={"street": "1 Main St", "city": "Springfield"})


def test_a_payment_method_that_is_no_card_token_is_refused():
    with refused_by(Order, "payment_method_is_a_card_token"):
        OrderFactory(payment_method="4242424242424242")


def test_an_order_placed_before_payment_methods_were_taken_may_have_none():
    order = OrderFactory(payment_method=None)

    assert Order.objects.get(pk=order.pk).payment_method is None
