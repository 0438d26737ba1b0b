"""No other customer's orders in any answer.

OWASP API3 Broken Object Property Level Authorization (excessive data exposure). The
check that no answer shows a trace of the server runs in every service, from
``microshop_testing.security_suite``.
"""

import pytest

from microshop_testing.security import (
    assert_the_owners_data_reaches_no_other_customer,
    client_as,
)
from orders.models import Order
from tests.security import tables

pytestmark = pytest.mark.django_db


def test_another_customer_sees_nothing_of_the_owners_orders(world):
    order = Order.objects.get(pk=world.params["order_id"])

    asked = assert_the_owners_data_reaches_no_other_customer(
        tables.AUTHORIZATION_MATRIX, world, [order.shipping_address["street"], order.items.get().sku]
    )

    assert asked >= 3


def test_a_customers_list_of_orders_holds_only_their_own(world):
    listed = client_as("other", world).get("/api/orders/").json()

    assert listed["count"] == 0
    assert client_as("owner", world).get("/api/orders/").json()["count"] == 1
