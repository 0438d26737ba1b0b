"""What a customer's tokens carry, and the refresh tokens users refuses before it looks at its
blacklist: rules that need no database. Recording a pair as outstanding, refreshing and
blacklisting do, and are tested in tests/integration/test_tokens.py."""

import time

import jwt
import pytest
from django.conf import settings
from rest_framework_simplejwt.tokens import RefreshToken

from microshop_common.keys import private_key_path
from microshop_common.settings.jwt import CUSTOMER_TOKEN_AUDIENCE
from tests.factories import UserFactory
from users.tokens import InvalidRefreshToken, customer_token_pair, read_refresh_token


def claims_of(token: str) -> dict:
    """What another service reads from the token, checking it with users' public key."""
    return jwt.decode(
        token,
        settings.SIMPLE_JWT["VERIFYING_KEY"],
        algorithms=["RS256"],
        issuer="users",
        audience=CUSTOMER_TOKEN_AUDIENCE,
    )


def pair_for(**user):
    return customer_token_pair(RefreshToken(), UserFactory.build(**user))


def test_an_access_token_carries_what_other_services_read():
    pair = pair_for(id=7, username="ada", is_staff=False)

    claims = claims_of(pair.access_token)

    assert claims["token_type"] == "access"
    assert claims["user_id"] == 7
    assert claims["username"] == "ada"
    assert claims["is_staff"] is False
    assert (claims["iss"], claims["aud"]) == ("users", "microshop")


def test_staff_tokens_say_so():
    pair = pair_for(id=1, username="admin", is_staff=True)

    assert claims_of(pair.access_token)["is_staff"] is True
    assert claims_of(pair.refresh_token)["is_staff"] is True


def test_the_access_token_lives_fifteen_minutes_and_the_pair_says_so():
    pair = pair_for(id=7)

    claims = claims_of(pair.access_token)

    assert pair.expires_in == 900
    assert claims["exp"] - claims["iat"] == 900
    assert pair.token_type == "Bearer"


def test_the_refresh_token_is_a_refresh_token_for_the_same_user():
    claims = claims_of(pair_for(id=7).refresh_token)

    assert claims["token_type"] == "refresh"
    assert claims["user_id"] == 7


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
        {
            "token_type": "refresh",
            "user_id": 1,
            "iss": "users",
            "aud": CUSTOMER_TOKEN_AUDIENCE,
            "iat": now,
            "exp": now + 60,
            "jti": "x",
        },
        private_key_path(settings.JWT_KEYS_DIR, "orders").read_text(),
        algorithm="RS256",
    )

    with pytest.raises(InvalidRefreshToken, match="invalid"):
        read_refresh_token(forged)


def test_text_is_not_a_refresh_token():
    with pytest.raises(InvalidRefreshToken):
        read_refresh_token("not-a-token")
