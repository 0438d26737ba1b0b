"""What notifications needs from users: an account, read by notifications' real ``HttpUsersClient``,
and the ``user.registered`` event, read by its real handler.

The client reads the id, username, email, names and whether the account is active; the
handler reads the new user's id, username, email and names.
"""

import pytest
from pact import match

from microshop_common.clients import ResourceNotFound
from microshop_testing.pacts import consume_expected_events, expect_event, service_token_header
from notifications.bootstrap import event_handlers
from notifications.clients.users import HttpUsersClient, UserAccount
from notifications.models import Notification

# Any JWT in the pact. The token notifications' client really sends is checked as users checks it
# (issuer, audience, notifications' key, lifetime) by the mock server of ``pact_with``; the
# provider's verification sends a live token of notifications in its place.
SERVICE_TOKEN = service_token_header(caller="notifications", callee="users")
EMAIL = r"^[^@\s]+@[^@\s]+$"


@pytest.fixture
def users(pact_with):
    return pact_with("users")


def test_notifications_reads_where_to_write_to_a_customer(users):
    (
        users.upon_receiving("a request for a user")
        .given("a user exists", id=1001)
        .with_request("GET", "/api/internal/users/1001/")
        .with_header("Authorization", SERVICE_TOKEN)
        .will_respond_with(200)
        .with_body(
            {
                "id": match.int(1001),
                "username": match.str("ada"),
                "email": match.regex("ada@example.com", regex=EMAIL),
                "first_name": match.str("Ada"),
                "last_name": match.str("Lovelace"),
                "is_active": match.bool(True),
            },
            content_type="application/json",
        )
    )

    with users.serve() as server:
        user = HttpUsersClient(base_url=server.url).get_user(1001)

    assert user == UserAccount(
        id=1001, username="ada", email="ada@example.com", first_name="Ada", last_name="Lovelace", is_active=True
    )


def test_notifications_learns_that_a_customer_does_not_exist(users):
    (
        users.upon_receiving("a request for a user that does not exist")
        .given("no user has the id", id=9)
        .with_request("GET", "/api/internal/users/9/")
        .with_header("Authorization", SERVICE_TOKEN)
        .will_respond_with(404)
    )

    with users.serve() as server, pytest.raises(ResourceNotFound):
        HttpUsersClient(base_url=server.url).get_user(9)


@pytest.mark.django_db
def test_a_registered_user_is_welcomed_at_the_address_in_the_event(users):
    expect_event(
        users,
        "user.registered",
        {
            "user_id": match.int(1002),
            "username": match.str("grace"),
            "email": match.regex("grace@example.com", regex=EMAIL),
            "first_name": match.str("Grace"),
            "last_name": match.str("Hopper"),
        },
    )

    consume_expected_events(users, event_handlers())

    welcome = Notification.objects.get(user_id=1002)
    assert (welcome.type, welcome.recipient) == ("welcome", "grace@example.com")
    assert "Grace" in welcome.message
