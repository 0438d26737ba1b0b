"""Who may do what on every route of notifications.

OWASP API1 Broken Object Level Authorization, API2 Broken Authentication, API5 Broken
Function Level Authorization. The table below has a row for every route and method of
the URLconf (microshop_testing.security explains the columns); a route without a row,
or a cell that answers otherwise, fails with every wrong cell named.
"""

import pytest

from microshop_testing.security import COMMON_ROWS, Row, World, assert_every_route_has_a_row, assert_matrix
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

# No service calls notifications, so it trusts no service token: the service column is 401.
AUTHORIZATION_MATRIX = {
    **COMMON_ROWS,
    "GET /api/users/{user_id}/notifications/": Row(anonymous=401, owner=200, other=403, staff=200, service=401),
}


@pytest.fixture
def world() -> World:
    notification = NotificationFactory()
    return World(
        owner_id=notification.user_id,
        other_id=notification.user_id + 1,
        staff_id=notification.user_id + 2,
        params={"user_id": notification.user_id},
    )


def test_every_route_of_notifications_has_a_row_in_the_matrix():
    assert_every_route_has_a_row(AUTHORIZATION_MATRIX, __file__)


def test_every_principal_gets_what_the_matrix_says_on_every_route(world, record_property):
    run = assert_matrix(AUTHORIZATION_MATRIX, world)

    record_property("cells", run.cells)
