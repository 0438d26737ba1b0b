"""The clients against HTTP faked by ``responses``: what they send, and what they make of each answer."""

from decimal import Decimal

import jwt
import pytest
import requests
from django.conf import settings

from microshop_common.clients import ResourceNotFound, ServiceUnavailable, UnexpectedResponse
from microshop_common.keys import public_key_path
from orders.clients.inventory import HttpInventoryClient
from orders.clients.users import HttpUsersClient, UserAccount
from orders.domain import ProductInfo

USERS = "http://users.test"
INVENTORY = "http://inventory.test"
USER_7 = f"{USERS}/api/internal/users/7/"
PRODUCTS = f"{INVENTORY}/api/internal/products/"


def product_json(product_id: int, **overrides) -> dict:
    return {
        "id": product_id,
        "sku": f"SKU-{product_id}",
        "name": f"Product {product_id}",
        "description": "",
        "price": "12.50",
        "stock_quantity": 4,
        "created_at": "2025-01-01T00:00:00Z",
        **overrides,
    }


def claims_of(request: requests.PreparedRequest, *, audience: str) -> dict:
    """The service token the request carries, verified as the callee would verify it."""
    scheme, token = request.headers["Authorization"].split()
    assert scheme == "Bearer"
    orders_public_key = public_key_path(settings.JWT_KEYS_DIR, "orders").read_text()
    return jwt.decode(token, orders_public_key, algorithms=["RS256"], audience=audience)


@pytest.fixture
def users():
    return HttpUsersClient(USERS, timeout=1.5)


@pytest.fixture
def inventory():
    return HttpInventoryClient(INVENTORY, timeout=1.5)


def test_a_user_is_read_into_an_account(stubbed_http, users):
    stubbed_http.get(
        USER_7,
        json={
            "id": 7,
            "username": "ada",
            "email": "ada@example.com",
            "first_name": "",
            "last_name": "",
            "is_active": True,
        },
    )

    assert users.get_user(7) == UserAccount(id=7, username="ada", email="ada@example.com", is_active=True)


def test_users_is_called_as_orders_with_a_token_addressed_to_users(stubbed_http, users):
    stubbed_http.get(USER_7, json={"id": 7, "username": "ada", "email": "a@example.com", "is_active": True})

    users.get_user(7)

    claims = claims_of(stubbed_http.calls[0].request, audience="users")
    assert (claims["iss"], claims["token_type"]) == ("orders", "service")


def test_an_unknown_user_is_resource_not_found(stubbed_http, users):
    stubbed_http.get(USER_7, status=404, json={"error": "User not found", "code": "USER_NOT_FOUND", "detail": "x"})

    with pytest.raises(ResourceNotFound):
        users.get_user(7)


@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectionError("connection refused"),
        requests.ConnectTimeout("connect timed out"),
        requests.ReadTimeout("read timed out"),
    ],
    ids=["connection refused", "connect timeout", "read timeout"],
)
def test_users_out_of_reach_is_service_unavailable(stubbed_http, users, failure):
    stubbed_http.get(USER_7, body=failure)

    with pytest.raises(ServiceUnavailable):
        users.get_user(7)


def test_a_server_error_from_users_is_service_unavailable(stubbed_http, users):
    stubbed_http.get(USER_7, status=500, body="boom")

    with pytest.raises(ServiceUnavailable, match="500"):
        users.get_user(7)


def test_a_user_without_is_active_is_an_unexpected_response(stubbed_http, users):
    stubbed_http.get(USER_7, json={"id": 7, "username": "ada", "email": "a@example.com"})

    with pytest.raises(UnexpectedResponse, match="is_active"):
        users.get_user(7)


def test_is_active_must_be_a_boolean_not_a_truthy_string(stubbed_http, users):
    stubbed_http.get(USER_7, json={"id": 7, "username": "ada", "email": "a@example.com", "is_active": "false"})

    with pytest.raises(UnexpectedResponse, match="true or false"):
        users.get_user(7)


def test_products_are_read_with_decimal_prices_by_id(stubbed_http, inventory):
    stubbed_http.get(PRODUCTS, json=[product_json(1, price="12.50"), product_json(2, price="0.99", stock_quantity=0)])

    products = inventory.get_products([1, 2])

    assert products == {
        1: ProductInfo(product_id=1, name="Product 1", sku="SKU-1", price=Decimal("12.50"), stock_quantity=4),
        2: ProductInfo(product_id=2, name="Product 2", sku="SKU-2", price=Decimal("0.99"), stock_quantity=0),
    }


def test_every_product_is_asked_for_in_one_call_sorted_and_without_repeats(stubbed_http, inventory):
    stubbed_http.get(PRODUCTS, json=[])

    inventory.get_products([3, 1, 3, 2])

    [call] = stubbed_http.calls
    assert call.request.params == {"ids": "1,2,3"}


def test_inventory_is_called_as_orders_with_a_token_addressed_to_inventory(stubbed_http, inventory):
    stubbed_http.get(PRODUCTS, json=[])

    inventory.get_products([1])

    assert claims_of(stubbed_http.calls[0].request, audience="inventory")["iss"] == "orders"


def test_products_inventory_does_not_know_are_absent(stubbed_http, inventory):
    stubbed_http.get(PRODUCTS, json=[product_json(1)])

    assert set(inventory.get_products([1, 999])) == {1}


def test_asking_for_no_product_calls_nobody(stubbed_http, inventory):
    assert inventory.get_products([]) == {}
    assert len(stubbed_http.calls) == 0


@pytest.mark.parametrize(
    "failure",
    [requests.ConnectionError("connection refused"), requests.ReadTimeout("read timed out")],
    ids=["connection refused", "read timeout"],
)
def test_inventory_out_of_reach_is_service_unavailable(stubbed_http, inventory, failure):
    stubbed_http.get(PRODUCTS, body=failure)

    with pytest.raises(ServiceUnavailable):
        inventory.get_products([1])


def test_a_server_error_from_inventory_is_service_unavailable(stubbed_http, inventory):
    stubbed_http.get(PRODUCTS, status=500)

    with pytest.raises(ServiceUnavailable):
        inventory.get_products([1])


def test_an_overloaded_inventory_is_tried_again_before_giving_up(stubbed_http, inventory):
    stubbed_http.get(PRODUCTS, status=503)
    stubbed_http.get(PRODUCTS, json=[product_json(1)])

    products = inventory.get_products([1])

    assert set(products) == {1}
    assert len(stubbed_http.calls) == 2


@pytest.mark.parametrize(
    "body",
    [{"results": []}, [product_json(1, price="twelve")], [product_json(1, price="-1.00")], [{"id": 1}]],
    ids=["not a list", "price not a number", "negative price", "fields missing"],
)
def test_an_answer_the_client_cannot_read_is_an_unexpected_response(stubbed_http, inventory, body):
    stubbed_http.get(PRODUCTS, json=body)

    with pytest.raises(UnexpectedResponse):
        inventory.get_products([1])
