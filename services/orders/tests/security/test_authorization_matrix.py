"""Who may do what on every route of orders.

OWASP API1 Broken Object Level Authorization, API2 Broken Authentication, API5 Broken
Function Level Authorization. The table below has a row for every route and method of
the URLconf (microshop_testing.security explains the columns); a route without a row,
or a cell that answers otherwise, fails with every wrong cell named.
"""

import pytest

from microshop_testing.security import COMMON_ROWS, Row, World, assert_every_route_has_a_row, assert_matrix
from tests.factories import OrderFactory, ProductInfoFactory, UserAccountFactory, order_request

pytestmark = pytest.mark.django_db


def an_order(world: World) -> dict:
    return order_request((world.things["product"].product_id, 1))


# No service calls orders, so orders trusts no service token: the service column is 401.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/orders/": Row(anonymous=401, owner=200, other=200, staff=200, service=401),
    "POST /api/orders/": Row(anonymous=401, owner=201, other=201, staff=201, service=401, body=an_order),
    "GET /api/orders/{order_id}/": Row(anonymous=401, owner=200, other=403, staff=200, service=401),
    "POST /api/orders/{order_id}/cancel/": Row(anonymous=401, owner=200, other=403, staff=200, service=401),
    "GET /api/users/{user_id}/orders/": Row(anonymous=401, owner=200, other=403, staff=200, service=401),
}


@pytest.fixture
def world(users_stub, inventory_stub) -> World:
    owner, other, staff = (users_stub.has(UserAccountFactory()) for _ in range(3))
    product = ProductInfoFactory(stock_quantity=100)
    inventory_stub.has(product)
    order = OrderFactory(user_id=owner.id)
    return World(
        owner_id=owner.id,
        other_id=other.id,
        staff_id=staff.id,
        params={"user_id": owner.id, "order_id": order.id},
        things={"product": product},
    )


def test_every_route_of_orders_has_a_row_in_the_matrix():
    assert_every_route_has_a_row(AUTHORIZATION_MATRIX, __file__)


def test_every_principal_gets_what_the_matrix_says_on_every_route(world, record_property):
    run = assert_matrix(AUTHORIZATION_MATRIX, world)

    record_property("cells", run.cells)
