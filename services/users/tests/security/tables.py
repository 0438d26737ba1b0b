"""The security tables of users: who may do what on every route, and what every write accepts.

Each route and method of the URLconf has a row in ``AUTHORIZATION_MATRIX`` and each write
an entry in ``WRITES``. The plugin runs the security tests every service shares on these
tables (``microshop_testing.security_suite``, collected from this file): the matrix, the
injections and the fuzzing, which fail, naming the route, when a row or an entry is missing.
"""

from microshop_testing.security import COMMON_ROWS, Row, World, Write
from tests.factories import PASSWORD


def registration(world: World) -> dict:
    return {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "password": "correct horse 42",
        "first_name": "New",
        "last_name": "Comer",
    }


def profile_change(world: World) -> dict:
    return {"first_name": "Ada", "last_name": "Lovelace", "bio": "Analyst", "phone_number": ""}


def login(world: World) -> dict:
    return {"username": world.things["owner"].username, "password": PASSWORD}


def refresh_token(world: World) -> dict:
    return {"refresh_token": world.things["refresh_token"]}


# Login, refresh and logout read no Authorization header: a stale token must not stop a
# customer from logging in again, so even forged ones get the answer to the body.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/users/": Row(anonymous=401, owner=403, other=403, staff=200, service=403),
    "POST /api/users/": Row(anonymous=201, owner=201, other=201, staff=201, service=201, body=registration),
    "GET /api/users/me/": Row(anonymous=401, owner=200, other=200, staff=200, service=403),
    "GET /api/users/{user_id}/": Row(anonymous=401, owner=200, other=403, staff=200, service=403),
    "PATCH /api/users/{user_id}/": Row(
        anonymous=401, owner=200, other=403, staff=200, service=403, body=profile_change
    ),
    "POST /api/auth/login/": Row(anonymous=200, owner=200, other=200, staff=200, service=200, rejected=200, body=login),
    "POST /api/auth/refresh/": Row(
        anonymous=200, owner=200, other=200, staff=200, service=200, rejected=200, body=refresh_token
    ),
    "POST /api/auth/logout/": Row(
        anonymous=204, owner=204, other=204, staff=204, service=204, rejected=204, body=refresh_token
    ),
    "GET /api/internal/users/{user_id}/": Row(anonymous=401, owner=403, other=403, staff=403, service=200),
}

WRITES = {
    "POST /api/users/": Write(registration, principal="anonymous", read_back="/api/users/{id}/"),
    "PATCH /api/users/{user_id}/": Write(profile_change, read_back="/api/users/{id}/"),
    "POST /api/auth/login/": Write(login, principal="anonymous"),
    "POST /api/auth/refresh/": Write(refresh_token, principal="anonymous"),
    "POST /api/auth/logout/": Write(refresh_token, principal="anonymous"),
}
