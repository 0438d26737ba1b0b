"""What the database itself refuses, whatever the code above it does."""

import pytest
from django.db import IntegrityError

from tests.factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


def test_one_customer_cannot_have_two_orders_with_the_same_idempotency_key():
    OrderFactory(user_id=7, idempotency_key="k-1")

    with pytest.raises(IntegrityError):
        OrderFactory(user_id=7, idempotency_key="k-1")


def test_two_customers_may_use_the_same_idempotency_key():
    OrderFactory(user_id=7, idempotency_key="k-1")

    OrderFactory(user_id=8, idempotency_key="k-1")


def test_orders_without_an_idempotency_key_do_not_collide():
    OrderFactory(user_id=7, idempotency_key=None)

    OrderFactory(user_id=7, idempotency_key=None)


def test_an_item_needs_at_least_one_unit():
    with pytest.raises(IntegrityError):
        OrderItemFactory(quantity=0)


def test_an_order_holds_each_product_once():
    order = OrderFactory(item=None)
    OrderItemFactory(order=order, product_id=5)

    with pytest.raises(IntegrityError):
        OrderItemFactory(order=order, product_id=5)


def test_an_item_price_cannot_be_negative():
    with pytest.raises(IntegrityError):
        OrderItemFactory(unit_price="-0.01")


def test_an_unknown_status_is_refused():
    with pytest.raises(IntegrityError):
        OrderFactory(status="shipped")


def test_a_shipping_address_lacking_a_field_is_refused():
    with pytest.raises(IntegrityError):
        OrderFactory(shipping_address={"street": "1 Main St", "city": "Springfield"})


def test_a_payment_method_that_is_no_card_token_is_refused():
    with pytest.raises(IntegrityError):
        OrderFactory(payment_method="4242424242424242")


def test_an_order_placed_before_payment_methods_were_taken_may_have_none():
    OrderFactory(payment_method=None)
