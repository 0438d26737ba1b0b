"""The security table of notifications: who may do what on every route.

Each route and method of the URLconf has a row in ``AUTHORIZATION_MATRIX`` and each write
an entry in ``WRITES`` (it has none: notifications are written by its event handlers). The
plugin runs the security tests every service shares on these tables
(``microshop_testing.security_suite``, collected from this file): the matrix, the check that
no write lacks an entry, and the fuzzing, which fail, naming the route, when one is missing.
"""

from microshop_testing.security import COMMON_ROWS, Row, Write

# No service calls notifications, so it trusts no service token: the service column is 401.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/users/{user_id}/notifications/": Row(anonymous=401, owner=200, other=403, staff=200, service=401),
}

WRITES: dict[str, Write] = {}
