"""The security tables of inventory: who may do what on every route, and what every write accepts.

Each route and method of the URLconf has a row in ``AUTHORIZATION_MATRIX`` and each write
an entry in ``WRITES``. The plugin runs the security tests every service shares on these
tables (``microshop_testing.security_suite``, collected from this file): the matrix, the
injections and the fuzzing, which fail, naming the route, when a row or an entry is missing.
"""

from microshop_testing.security import COMMON_ROWS, Row, World, Write


def a_product(world: World) -> dict:
    return {"sku": "NEW-001", "name": "New mug", "description": "Holds tea", "price": "9.50", "stock_quantity": 3}


def a_change(world: World) -> dict:
    return {"name": "Renamed mug", "description": "Holds coffee", "price": "11.00"}


# Products are no one's: the owner and the other customer are both just customers. The
# catalogue is open to anyone, yet a token that is sent must be a valid one.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/products/": Row(anonymous=200, owner=200, other=200, staff=200, service=200),
    "POST /api/products/": Row(anonymous=401, owner=403, other=403, staff=201, service=403, body=a_product),
    "GET /api/products/{product_id}/": Row(anonymous=200, owner=200, other=200, staff=200, service=200),
    "PATCH /api/products/{product_id}/": Row(
        anonymous=401, owner=403, other=403, staff=200, service=403, body=a_change
    ),
    "GET /api/internal/products/": Row(
        anonymous=401, owner=403, other=403, staff=403, service=200, query="ids={product_id}"
    ),
}

WRITES = {
    "POST /api/products/": Write(a_product, principal="staff", read_back="/api/products/{id}/"),
    "PATCH /api/products/{product_id}/": Write(a_change, principal="staff", read_back="/api/products/{id}/"),
}
