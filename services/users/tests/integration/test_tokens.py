"""Refreshing and revoking tokens. Every refresh token is written to simplejwt's list of
outstanding tokens, so that it can be blacklisted: these tests need the database. What a
token carries, and the tokens refused before the blacklist is read, are unit tests
(tests/unit/test_customer_tokens.py)."""

import jwt
import pytest
from django.conf import settings

from microshop_common.settings.jwt import CUSTOMER_TOKEN_AUDIENCE
from microshop_testing.tokens import customer_token
from tests.factories import UserFactory
from users.tokens import InvalidRefreshToken, read_refresh_token, token_pair_for, token_pair_refreshed, token_revoke

pytestmark = pytest.mark.django_db


def claims_of(token: str) -> dict:
    """What another service reads from the token, checking it with users' public key."""
    return jwt.decode(
        token,
        settings.SIMPLE_JWT["VERIFYING_KEY"],
        algorithms=["RS256"],
        issuer="users",
        audience=CUSTOMER_TOKEN_AUDIENCE,
    )


def test_a_refreshed_access_token_carries_the_claims_the_user_has_now():
    ada = UserFactory(is_staff=False)
    refresh = read_refresh_token(token_pair_for(ada).refresh_token)
    ada.is_staff = True

    pair = token_pair_refreshed(refresh, ada)

    assert claims_of(pair.access_token)["is_staff"] is True


def test_a_refresh_token_is_good_for_one_refresh_and_the_new_one_for_the_next():
    ada = UserFactory()
    first = token_pair_for(ada).refresh_token

    second = token_pair_refreshed(read_refresh_token(first), ada).refresh_token

    with pytest.raises(InvalidRefreshToken, match="blacklisted"):
        read_refresh_token(first)
    assert read_refresh_token(second)["user_id"] == ada.id


def test_a_refresh_token_that_raced_another_refresh_is_refused():
    ada = UserFactory()
    raw = token_pair_for(ada).refresh_token
    # Both requests read the token before either blacklisted it.
    first, second = read_refresh_token(raw), read_refresh_token(raw)
    token_pair_refreshed(first, ada)

    with pytest.raises(InvalidRefreshToken, match="blacklisted"):
        token_pair_refreshed(second, ada)


def test_a_revoked_refresh_token_is_refused():
    raw = token_pair_for(UserFactory()).refresh_token

    token_revoke(read_refresh_token(raw))

    with pytest.raises(InvalidRefreshToken, match="blacklisted"):
        read_refresh_token(raw)


def test_an_access_token_is_not_accepted_as_a_refresh_token():
    with pytest.raises(InvalidRefreshToken):
        read_refresh_token(customer_token(7))
