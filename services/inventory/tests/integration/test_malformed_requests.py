"""Requests no client should send, made by hand: each gets a 4xx in the error shape, never a 500.

The plumbing that answers them is every service's (microshop_common), so one service's
API shows it; Django's test client runs the whole stack, handlers included.
"""

import base64
import json

import jwt
import pytest
from django.conf import settings
from django.test import Client

from microshop_common.keys import private_key_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    # As a server would: an error reaches the client as a response, not as an exception here.
    return Client(raise_request_exception=False)


def assert_error_shape(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "code", "detail"}
    assert body["code"] == code


def test_an_authorization_header_that_is_not_ascii_is_a_401(anonymous):
    response = anonymous.get("/api/internal/products/?ids=1", HTTP_AUTHORIZATION="Bearer \xff\xfe")

    assert_error_shape(response, 401, "AUTHENTICATION_FAILED")
    assert response.json()["detail"] == "The Authorization header must be ASCII text"


def unsigned_token(claims: dict) -> str:
    """A JWT as anyone can write one; PyJWT itself refuses to encode some of these claims."""

    def encoded(part: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()

    return f"{encoded({'alg': 'RS256', 'typ': 'JWT'})}.{encoded(claims)}.c2lnbmF0dXJl"


@pytest.mark.parametrize("issuer", [["orders"], {"name": "orders"}, 7])
def test_a_service_token_whose_issuer_is_not_a_name_is_a_401(anonymous, issuer):
    token = unsigned_token({"token_type": "service", "iss": issuer, "aud": "inventory"})

    response = anonymous.get("/api/internal/products/?ids=1", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert_error_shape(response, 401, "AUTHENTICATION_FAILED")


def test_an_invalid_customer_token_is_a_401_whose_detail_is_a_sentence(anonymous):
    response = anonymous.post("/api/products/", {}, content_type="application/json", HTTP_AUTHORIZATION="Bearer abc")

    assert_error_shape(response, 401, "AUTHENTICATION_FAILED")
    assert response.json()["detail"] == "Given token not valid for any token type"


def test_json_nested_thousands_of_levels_deep_is_a_400(client_for):
    response = client_for(user_id=1, is_staff=True).post(
        "/api/products/", "[" * 5000 + "]" * 5000, content_type="application/json"
    )

    assert_error_shape(response, 400, "MALFORMED_REQUEST")
    assert "nested too deeply" in response.json()["detail"]


def test_a_body_larger_than_the_api_accepts_is_a_413_in_the_error_shape(client_for):
    body = '{"sku": "' + "x" * 5_000_000 + '", "name": "Mug", "price": "1.00"}'

    response = client_for(user_id=1, is_staff=True).post("/api/products/", body, content_type="application/json")

    assert_error_shape(response, 413, "REQUEST_TOO_LARGE")


@pytest.mark.parametrize("audience", [None, "another-shop"])
def test_a_customer_token_signed_by_users_but_not_for_this_shop_is_a_401(anonymous, audience):
    claims = {"token_type": "access", "user_id": 1, "is_staff": True, "iss": "users", "exp": 2_000_000_000}
    if audience:
        claims["aud"] = audience
    users_key = private_key_path(settings.JWT_KEYS_DIR, "users").read_text()
    token = jwt.encode({**claims, "jti": "a1"}, users_key, algorithm="RS256")

    response = anonymous.post(
        "/api/products/", {"sku": "X-1", "name": "X", "price": "1.00"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )

    assert_error_shape(response, 401, "AUTHENTICATION_FAILED")
