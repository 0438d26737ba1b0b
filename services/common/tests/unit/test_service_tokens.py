import time

import jwt
import pytest
from django.conf import settings
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from microshop_common.auth import ServiceTokenAuthentication, issue_service_token
from microshop_common.keys import load_private_key, load_public_key, private_key_path
from microshop_testing.tokens import customer_token, service_token

authenticate = ServiceTokenAuthentication().authenticate


def request_with(token: str):
    return APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_this_service_issues_is_addressed_to_the_callee():
    claims = jwt.decode(issue_service_token(audience="users"), options={"verify_signature": False})

    assert claims["iss"] == "example"
    assert claims["aud"] == "users"
    assert claims["token_type"] == "service"
    assert claims["exp"] - claims["iat"] == settings.SERVICE_AUTH["TOKEN_LIFETIME_SECONDS"]


def test_no_two_service_tokens_are_alike():
    assert issue_service_token(audience="users") != issue_service_token(audience="users")


def test_the_signing_key_is_parsed_once_however_many_tokens_are_signed():
    load_private_key.cache_clear()

    for _ in range(3):
        issue_service_token(audience="users")

    assert load_private_key.cache_info().misses == 1


def test_a_trusted_key_is_parsed_once_however_many_tokens_it_verifies():
    load_public_key.cache_clear()

    for _ in range(3):
        authenticate(request_with(service_token("orders")))

    assert load_public_key.cache_info().misses == 1


def test_a_trusted_service_is_authenticated_as_itself():
    principal, _ = authenticate(request_with(service_token("orders")))

    assert principal.name == "orders"
    assert principal.is_service
    assert not principal.is_staff


def test_a_customer_token_is_left_to_the_next_authenticator():
    assert authenticate(request_with(customer_token(1, is_staff=True))) is None


def test_a_request_without_a_token_is_left_alone():
    assert authenticate(APIRequestFactory().get("/")) is None


def test_a_service_that_is_not_trusted_is_refused():
    with pytest.raises(exceptions.AuthenticationFailed, match="'inventory' may not call example"):
        authenticate(request_with(service_token("inventory")))


def test_a_token_addressed_to_another_service_is_refused():
    with pytest.raises(exceptions.AuthenticationFailed, match="Audience"):
        authenticate(request_with(service_token("orders", audience="users")))


def test_an_expired_service_token_is_refused():
    with pytest.raises(exceptions.AuthenticationFailed, match="expired"):
        authenticate(request_with(service_token("orders", lifetime=-60)))


def test_a_token_signed_with_the_wrong_key_is_refused():
    now = int(time.time())
    claims = {"iss": "orders", "aud": "example", "token_type": "service", "iat": now, "exp": now + 60}
    # Claims to come from orders, but signed with inventory's key.
    forged = jwt.encode(claims, private_key_path(settings.JWT_KEYS_DIR, "inventory").read_text(), algorithm="RS256")

    with pytest.raises(exceptions.AuthenticationFailed, match="Signature"):
        authenticate(request_with(forged))
