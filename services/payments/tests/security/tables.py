"""The security tables of payments: who may do what on every route, and what every write accepts.

Each route and method of the URLconf has a row in ``AUTHORIZATION_MATRIX`` and each write
an entry in ``WRITES``. The plugin runs the security tests every service shares on these
tables (``microshop_testing.security_suite``, collected from this file): the matrix, the
injections and the fuzzing, which fail, naming the route, when a row or an entry is missing.
"""

from microshop_testing.security import COMMON_ROWS, Row, Write

# No service calls payments, so it trusts no service token: the service column is 401.
# Another customer's payment is a 404, not a 403, so that payment ids cannot be probed.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/payments/": Row(anonymous=401, owner=200, other=200, staff=200, service=401),
    "GET /api/payments/{payment_id}/": Row(anonymous=401, owner=200, other=404, staff=200, service=401),
}

# Payments takes no writes over REST: a payment changes only through the events it consumes.
WRITES: dict[str, Write] = {}
