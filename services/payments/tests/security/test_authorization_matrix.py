"""Who may do what on every route of payments.

OWASP API1 Broken Object Level Authorization, API2 Broken Authentication, API5 Broken
Function Level Authorization. The table below has a row for every route and method of
the URLconf (microshop_testing.security explains the columns); a route without a row,
or a cell that answers otherwise, fails with every wrong cell named.
"""

import pytest

from microshop_testing.security import COMMON_ROWS, Row, World, assert_every_route_has_a_row, assert_matrix
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def an_item(world: World) -> dict:
    return {"name": "A new item"}


# No service calls payments yet, so it trusts no service token: the service column is 401.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/items/": Row(anonymous=200, owner=200, other=200, staff=200, service=401),
    "POST /api/items/": Row(anonymous=401, owner=403, other=403, staff=201, service=401, body=an_item),
    "GET /api/items/{item_id}/": Row(anonymous=200, owner=200, other=200, staff=200, service=401),
}


@pytest.fixture
def world() -> World:
    item = ItemFactory()
    return World(owner_id=2001, other_id=2002, staff_id=2003, params={"item_id": item.id})


def test_every_route_of_payments_has_a_row_in_the_matrix():
    assert_every_route_has_a_row(AUTHORIZATION_MATRIX, __file__)


def test_every_principal_gets_what_the_matrix_says_on_every_route(world, record_property):
    run = assert_matrix(AUTHORIZATION_MATRIX, world)

    record_property("cells", run.cells)
