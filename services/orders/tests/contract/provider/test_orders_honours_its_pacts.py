"""Orders against every pact that names it: each ``order.*`` event as the service function
that really causes it writes it to the outbox (``order_place`` with users and inventory
faked, ``order_confirm``, ``order_reject``, ``order_cancel``).

Run the consumers' tests first to verify the pacts they write; alone, this verifies the
pacts committed in services/contracts/pacts/.
"""

import pytest
from rest_framework_simplejwt.models import TokenUser

from microshop_testing.pacts import consumers_of, outbox_message, verify_pact
from orders.domain import OrderLine
from orders.services import order_cancel, order_confirm, order_place, order_reject
from tests.factories import OrderFactory, ProductInfoFactory, ShippingAddressFactory, UserAccountFactory
from tests.fakes import FakeInventoryClient, FakeUsersClient

CONSUMERS = ["inventory", "notifications", "payments"]

# pact-python asks for each message from a thread of its own, which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def an_order_is_placed():
    customer, mug = UserAccountFactory(), ProductInfoFactory(stock_quantity=10)
    order_place(
        user_id=customer.id,
        lines=[OrderLine(product_id=mug.product_id, quantity=2)],
        shipping_address=ShippingAddressFactory(),
        payment_method="tok_visa",
        users=FakeUsersClient(customer),
        inventory=FakeInventoryClient(mug),
    )
    return outbox_message("order.placed")


def an_order_is_confirmed():
    order_confirm(order_id=OrderFactory().pk)
    return outbox_message("order.confirmed")


def an_order_is_rejected():
    order_reject(order_id=OrderFactory().pk, reason="insufficient inventory for product 101: requested 2, available 1")
    return outbox_message("order.rejected")


def an_order_is_cancelled():
    order = OrderFactory()
    order_cancel(order=order, by_user=TokenUser({"user_id": order.user_id}))
    return outbox_message("order.cancelled")


MESSAGES = {
    "order.placed": an_order_is_placed,
    "order.confirmed": an_order_is_confirmed,
    "order.rejected": an_order_is_rejected,
    "order.cancelled": an_order_is_cancelled,
}


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_orders_honours_its_pact_with(consumer):
    verify_pact(consumer=consumer, provider="orders", messages=MESSAGES)


def test_every_pact_naming_orders_is_verified_here():
    assert consumers_of("orders") == CONSUMERS
