"""Who may do what on every route of inventory.

OWASP API1 Broken Object Level Authorization, API2 Broken Authentication, API5 Broken
Function Level Authorization. The table below has a row for every route and method of
the URLconf (microshop_testing.security explains the columns); a route without a row,
or a cell that answers otherwise, fails with every wrong cell named.
"""

import pytest

from microshop_testing.security import COMMON_ROWS, Row, World, assert_every_route_has_a_row, assert_matrix
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def a_product(world: World) -> dict:
    return {"sku": "NEW-001", "name": "New mug", "description": "", "price": "9.50", "stock_quantity": 3}


# Products are no one's: the owner and the other customer are both just customers. The
# catalogue is open to anyone, yet a token that is sent must be a valid one.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/products/": Row(anonymous=200, owner=200, other=200, staff=200, service=200),
    "POST /api/products/": Row(anonymous=401, owner=403, other=403, staff=201, service=403, body=a_product),
    "GET /api/products/{product_id}/": Row(anonymous=200, owner=200, other=200, staff=200, service=200),
    "PATCH /api/products/{product_id}/": Row(
        anonymous=401, owner=403, other=403, staff=200, service=403, body=lambda world: {"price": "11.00"}
    ),
    "GET /api/internal/products/": Row(
        anonymous=401, owner=403, other=403, staff=403, service=200, query="ids={product_id}"
    ),
}


@pytest.fixture
def world() -> World:
    product = ProductFactory()
    return World(owner_id=2001, other_id=2002, staff_id=2003, params={"product_id": product.id})


def test_every_route_of_inventory_has_a_row_in_the_matrix():
    assert_every_route_has_a_row(AUTHORIZATION_MATRIX, __file__)


def test_every_principal_gets_what_the_matrix_says_on_every_route(world, record_property):
    run = assert_matrix(AUTHORIZATION_MATRIX, world)

    record_property("cells", run.cells)
