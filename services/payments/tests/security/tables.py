"""The security tables of payments: who may do what on every route, and what every write accepts.

Each route and method of the URLconf has a row in ``AUTHORIZATION_MATRIX`` and each write
an entry in ``WRITES``: the tests of this folder fail, naming the route, when one is missing.
"""

from microshop_testing.security import COMMON_ROWS, Row, World, Write


def an_item(world: World) -> dict:
    return {"name": "A new item"}


# No service calls payments yet, so it trusts no service token: the service column is 401.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/items/": Row(anonymous=200, owner=200, other=200, staff=200, service=401),
    "POST /api/items/": Row(anonymous=401, owner=403, other=403, staff=201, service=401, body=an_item),
    "GET /api/items/{item_id}/": Row(anonymous=200, owner=200, other=200, staff=200, service=401),
}

WRITES = {
    "POST /api/items/": Write(an_item, principal="staff", read_back="/api/items/{id}/"),
}
