"""What orders needs from users, read by orders' real ``HttpUsersClient``: ``GET /api/internal/users/{id}/``.

Orders reads the id, username, email and whether the account is active; nothing else.
"""

import pytest
from pact import match

from microshop_common.clients import ResourceNotFound
from microshop_testing.pacts import service_token_header
from orders.clients.users import HttpUsersClient, UserAccount

# Any JWT in the pact. The token orders' client really sends is checked as users checks it
# (issuer, audience, orders' key, lifetime) by the mock server of ``pact_with``; the
# provider's verification sends a live token of orders in its place.
SERVICE_TOKEN = service_token_header(caller="orders", callee="users")


@pytest.fixture
def users(pact_with):
    return pact_with("users")


def test_orders_reads_an_active_customer(users):
    (
        users.upon_receiving("a request for an active user")
        .given("a user exists", id=42, is_active=True)
        .with_request("GET", "/api/internal/users/42/")
        .with_header("Authorization", SERVICE_TOKEN)
        .will_respond_with(200)
        .with_body(
            {
                "id": match.int(42),
                "username": match.str("ada"),
                "email": match.str("ada@example.com"),
                "is_active": True,
            },
            content_type="application/json",
        )
    )

    with users.serve() as server:
        account = HttpUsersClient(base_url=server.url).get_user(42)

    assert account == UserAccount(id=42, username="ada", email="ada@example.com", is_active=True)


def test_orders_learns_that_a_customer_is_deactivated(users):
    (
        users.upon_receiving("a request for a deactivated user")
        .given("a user exists", id=43, is_active=False)
        .with_request("GET", "/api/internal/users/43/")
        .with_header("Authorization", SERVICE_TOKEN)
        .will_respond_with(200)
        .with_body(
            {
                "id": match.int(43),
                "username": match.str("grace"),
                "email": match.str("grace@example.com"),
                "is_active": False,
            },
            content_type="application/json",
        )
    )

    with users.serve() as server:
        account = HttpUsersClient(base_url=server.url).get_user(43)

    assert account.is_active is False


def test_orders_learns_that_a_customer_does_not_exist(users):
    (
        users.upon_receiving("a request for a user that does not exist")
        .given("no user has the id", id=9)
        .with_request("GET", "/api/internal/users/9/")
        .with_header("Authorization", SERVICE_TOKEN)
        .will_respond_with(404)
    )

    with users.serve() as server, pytest.raises(ResourceNotFound):
        HttpUsersClient(base_url=server.url).get_user(9)
