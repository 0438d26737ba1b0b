"""Who may do what on every route of users.

OWASP API1 Broken Object Level Authorization, API2 Broken Authentication, API5 Broken
Function Level Authorization. The table below has a row for every route and method of
the URLconf (microshop_testing.security explains the columns); a route without a row,
or a cell that answers otherwise, fails with every wrong cell named.
"""

import pytest

from microshop_testing.security import COMMON_ROWS, Row, World, assert_every_route_has_a_row, assert_matrix
from tests.factories import PASSWORD, UserFactory
from users.tokens import token_pair_for

pytestmark = pytest.mark.django_db


def registration(world: World) -> dict:
    return {"username": "newcomer", "email": "newcomer@example.com", "password": "correct horse 42"}


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
        anonymous=401, owner=200, other=403, staff=200, service=403, body=lambda world: {"first_name": "Ada"}
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


@pytest.fixture
def world() -> World:
    owner, other, staff = UserFactory(), UserFactory(), UserFactory(is_staff=True)
    return World(
        owner_id=owner.id,
        other_id=other.id,
        staff_id=staff.id,
        params={"user_id": owner.id},
        things={"owner": owner, "refresh_token": token_pair_for(owner).refresh_token},
    )


def test_every_route_of_users_has_a_row_in_the_matrix():
    assert_every_route_has_a_row(AUTHORIZATION_MATRIX, __file__)


def test_every_principal_gets_what_the_matrix_says_on_every_route(world, record_property):
    run = assert_matrix(AUTHORIZATION_MATRIX, world)

    record_property("cells", run.cells)
