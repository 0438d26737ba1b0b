"""Tokens as the real issuers would sign them, for requests in tests; service tokens checked as callees check them."""

import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.conf import settings

from microshop_common.auth import InvalidServiceToken, sign_service_token, verify_service_token
from microshop_common.keys import load_private_key, private_key_path
from microshop_common.registry import callers_of
from microshop_common.settings.jwt import CUSTOMER_TOKEN_AUDIENCE, service_auth


def _private_key(service: str) -> RSAPrivateKey:
    return load_private_key(private_key_path(settings.JWT_KEYS_DIR, service).read_text())


def customer_token(user_id: int, *, is_staff: bool = False, lifetime: int = 900, username: str = "") -> str:
    """An access token as users issues it after login."""
    now = int(time.time())
    claims = {
        "token_type": "access",
        "user_id": user_id,
        "is_staff": is_staff,
        "username": username or f"user{user_id}",
        "iss": "users",
        "aud": CUSTOMER_TOKEN_AUDIENCE,
        "iat": now,
        "exp": now + lifetime,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, _private_key("users"), algorithm="RS256")


def service_token(caller: str, *, audience: str | None = None, lifetime: int = 300) -> str:
    """A token as ``caller`` signs it to call this service (or ``audience``): the claims the
    services' own ``issue_service_token`` writes, signed with ``caller``'s key."""
    signing_key = private_key_path(settings.JWT_KEYS_DIR, caller).read_text()
    return sign_service_token(
        issuer=caller, audience=audience or settings.SERVICE_NAME, signing_key=signing_key, lifetime=lifetime
    )


def service_authorization(caller: str) -> dict[str, str]:
    """The ``Authorization`` header of a request ``caller`` sends to this service."""
    return {"Authorization": f"Bearer {service_token(caller)}"}


def check_service_token(authorization: str | None, *, caller: str, callee: str) -> None:
    """Fail unless ``authorization`` carries a token ``callee`` takes from ``caller``.

    It is checked as ``callee`` checks it, with the trusted keys its ``SERVICE_AUTH``
    holds (``callers_of(callee)`` in the registry): signed with ``caller``'s key for
    ``callee``, naming ``caller`` as its issuer, unexpired, and living no longer than a
    service token does.
    """
    callee_auth = service_auth(settings.JWT_KEYS_DIR, trusts=callers_of(callee))
    scheme, _, token = (authorization or "").partition(" ")
    if scheme != "Bearer" or not token:
        pytest.fail(f"{caller} called {callee} without a service token (Authorization: {authorization!r})")
    try:
        claims = verify_service_token(token, audience=callee, trusted_keys=callee_auth["TRUSTED_KEYS"])
    except InvalidServiceToken as exc:
        pytest.fail(f"{callee} would refuse the token {caller} sends it: {exc}")
    if claims["iss"] != caller:
        pytest.fail(f"{caller} called {callee} with a token that {claims['iss']} signed")
    lifetime = claims["exp"] - claims["iat"]
    if not 0 < lifetime <= callee_auth["TOKEN_LIFETIME_SECONDS"]:
        pytest.fail(
            f"{caller} signs tokens for {callee} that live {lifetime} s, "
            f"not at most {callee_auth['TOKEN_LIFETIME_SECONDS']} s"
        )
