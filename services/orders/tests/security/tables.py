"""The security tables of orders: who may do what on every route, and what every write accepts.

Each route and method of the URLconf has a row in ``AUTHORIZATION_MATRIX`` and each write
an entry in ``WRITES``. The plugin runs the security tests every service shares on these
tables (``microshop_testing.security_suite``, collected from this file): the matrix, the
injections and the fuzzing, which fail, naming the route, when a row or an entry is missing.
"""

from microshop_testing.security import COMMON_ROWS, Row, World, Write
from tests.factories import order_request


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

WRITES = {
    "POST /api/orders/": Write(an_order, read_back="/api/orders/{id}/"),
    "POST /api/orders/{order_id}/cancel/": Write(None),
}
