"""Token building and reading. Every refresh token is written to simplejwt's list of
outstanding tokens, so that it can be blacklisted: these tests need the database."""

import time

import jwt
import pytest
from django.conf import settings
from rest_framework_simplejwt.tokens import RefreshToken

from microshop_common.keys import private_key_path
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


def test_an_access_token_carries_what_other_services_read():
    ada = UserFactory(username="ada", is_staff=False)

    claims = claims_of(token_pair_for(ada).access_token)

    assert claims["token_type"] == "access"
    assert claims["user_id"] == ada.id
    assert claims["username"] == "ada"
    assert claims["is_staff"] is False
    assert (claims["iss"], claims["aud"]) == ("users", "microshop")


def test_staff_tokens_say_so():
    pair = token_pair_for(UserFactory(username="admin", is_staff=True))

    assert claims_of(pair.access_token)["is_staff"] is True
    assert claims_of(pair.refresh_token)["is_staff"] is True


def test_the_access_token_lives_fifteen_minutes_and_the_pair_says_so():
    pair = token_pair_for(UserFactory())

    claims = claims_of(pair.access_token)

    assert pair.expires_in == 900
    assert claims["exp"] - claims["iat"] == 900
    assert pair.token_type == "Bearer"


def test_the_refresh_token_is_a_refresh_token_for_the_same_user():
    ada = UserFactory()

    claims = claims_of(token_pair_for(ada).refresh_token)

    assert claims["token_type"] == "refresh"
    assert claims["user_id"] == ada.id


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


def test_an_expired_refresh_token_is_refused():
    refresh = RefreshToken()
    refresh["user_id"] = 7
    refresh.set_exp(from_time=refresh.current_time, lifetime=-refresh.lifetime)

    with pytest.raises(InvalidRefreshToken) as refused:
        read_refresh_token(str(refresh))

    assert refused.value.code == "INVALID_TOKEN"
    assert "expired" in refused.value.detail


def test_a_refresh_token_signed_by_another_key_is_refused():
    now = int(time.time())
    forged = jwt.encode(
        {"token_type": "refresh", "user_id": 1, "iss": "users", "iat": now, "exp": now + 60, "jti": "x"},
        private_key_path(settings.JWT_KEYS_DIR, "orders").read_text(),
        algorithm="RS256",
    )

    with pytest.raises(InvalidRefreshToken):
        read_refresh_token(forged)


def test_text_is_not_a_refresh_token():
    with pytest.raises(InvalidRefreshToken):
        read_refresh_token("not-a-token")
