"""``check_service_token``: how a consumer's contract test judges the token its client sends,
as the callee would (``microshop_testing.tokens``). Users trusts orders and notifications."""

import pytest

from microshop_testing.tokens import check_service_token, service_token


def bearer(token: str) -> str:
    return f"Bearer {token}"


def test_a_token_orders_signs_for_users_passes():
    check_service_token(bearer(service_token("orders", audience="users")), caller="orders", callee="users")


def test_a_token_for_another_audience_fails():
    with pytest.raises(pytest.fail.Exception, match=r"users would refuse .* Audience"):
        check_service_token(bearer(service_token("orders", audience="inventory")), caller="orders", callee="users")


def test_a_token_signed_by_another_trusted_service_fails():
    # Users would take it, but from notifications: orders would be posing as another service.
    with pytest.raises(pytest.fail.Exception, match="orders called users with a token that notifications signed"):
        check_service_token(bearer(service_token("notifications", audience="users")), caller="orders", callee="users")


def test_a_token_from_a_caller_the_callee_does_not_trust_fails():
    with pytest.raises(pytest.fail.Exception, match="'inventory' may not call users"):
        check_service_token(bearer(service_token("inventory", audience="users")), caller="inventory", callee="users")


def test_a_token_that_lives_longer_than_a_service_token_does_fails():
    with pytest.raises(pytest.fail.Exception, match="live 3600 s, not at most 300 s"):
        check_service_token(
            bearer(service_token("orders", audience="users", lifetime=3600)), caller="orders", callee="users"
        )


@pytest.mark.parametrize("authorization", [None, "", "Basic b3JkZXJzOg==", "Bearer"])
def test_a_request_without_a_bearer_token_fails(authorization):
    with pytest.raises(pytest.fail.Exception, match="without a service token"):
        check_service_token(authorization, caller="orders", callee="users")
