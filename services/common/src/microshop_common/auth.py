"""Service-to-service authentication.

Customers carry tokens that users signs; every service verifies them locally with
users' public key (simplejwt's stateless authentication). Services calling each other
carry a *service token* instead: a short-lived JWT that the calling service signs with
its own private key, addressed to the service it calls (``aud``). The callee accepts it
only from the services it trusts, by their public keys, so no service can pose as
another and a customer's token never opens a service-only endpoint.
"""

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from rest_framework import authentication, exceptions, permissions

from microshop_common.keys import load_private_key, load_public_key

SERVICE_TOKEN_TYPE = "service"


@dataclass(frozen=True)
class ServicePrincipal:
    """``request.user`` for a request made by another service."""

    name: str
    is_authenticated: bool = True
    is_staff: bool = False
    is_service: bool = True
    id: None = None


def issue_service_token(*, audience: str, now: float | None = None) -> str:
    """A token that lets this service call ``audience``."""
    conf = settings.SERVICE_AUTH
    if not conf["SIGNING_KEY"]:
        raise RuntimeError(f"{settings.SERVICE_NAME} holds no signing key, so it cannot call other services")
    return sign_service_token(
        issuer=settings.SERVICE_NAME,
        audience=audience,
        signing_key=conf["SIGNING_KEY"],
        lifetime=conf["TOKEN_LIFETIME_SECONDS"],
        now=now,
    )


def sign_service_token(*, issuer: str, audience: str, signing_key: str, lifetime: int, now: float | None = None) -> str:
    """The token ``issuer`` sends ``audience``, signed with ``issuer``'s private key (PEM)."""
    issued_at = int(now if now is not None else time.time())
    claims = {
        "iss": issuer,
        "sub": f"service:{issuer}",
        "aud": audience,
        "token_type": SERVICE_TOKEN_TYPE,
        "iat": issued_at,
        "exp": issued_at + lifetime,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, load_private_key(signing_key), algorithm="RS256")


class InvalidServiceToken(Exception):
    """A service token its callee refuses; the message says why."""


def is_service_token(token: str) -> bool:
    """Whether ``token`` says it is a service token (a customer's says otherwise), before any check of it."""
    return _unchecked_claims(token).get("token_type") == SERVICE_TOKEN_TYPE


def verify_service_token(token: str, *, audience: str, trusted_keys: Mapping[str, str]) -> dict[str, Any]:
    """The claims of ``token`` if a service of ``trusted_keys`` (name: public key) signed it for ``audience``.

    Raises ``InvalidServiceToken`` for any other token: not a service token, from a
    service not trusted, signed with another key, for another audience, expired, or
    missing a claim.
    """
    unchecked = _unchecked_claims(token)
    if unchecked.get("token_type") != SERVICE_TOKEN_TYPE:
        raise InvalidServiceToken("Invalid service token: token_type must be 'service'")
    caller = unchecked.get("iss")
    if not isinstance(caller, str):
        raise InvalidServiceToken("Invalid service token: iss must name the calling service")
    trusted_key = trusted_keys.get(caller)
    if trusted_key is None:
        raise InvalidServiceToken(f"Service '{caller}' may not call {audience}")
    try:
        return jwt.decode(
            token,
            load_public_key(trusted_key),
            algorithms=["RS256"],
            audience=audience,
            issuer=caller,
            options={"require": ["exp", "iat", "aud", "iss"]},
            leeway=10,
        )
    except jwt.InvalidTokenError as exc:
        raise InvalidServiceToken(f"Invalid service token: {exc}") from exc


def _unchecked_claims(token: str) -> dict[str, Any]:
    # Read to learn who says they signed the token, so as to check it with their key.
    try:
        return jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return {}


class AuthorizationHeaderCheck(authentication.BaseAuthentication):
    """Refuses an ``Authorization`` header that is not ASCII, as no token is.

    It runs before the authenticators that read tokens, which would fail on such a
    header with a UnicodeDecodeError, a 500, instead of telling the client.
    """

    def authenticate(self, request):
        if not request.META.get("HTTP_AUTHORIZATION", "").isascii():
            raise exceptions.AuthenticationFailed("The Authorization header must be ASCII text")
        return None

    def authenticate_header(self, request):
        # DRF asks the first authenticator how to challenge; without an answer, every
        # 401 of the API would turn into a 403.
        return "Bearer"


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    """Authenticates service tokens; leaves every other token to the next authenticator."""

    keyword = "Bearer"

    def authenticate(self, request):
        token = self._bearer_token(request)
        if token is None or not is_service_token(token):
            return None
        try:
            claims = verify_service_token(
                token, audience=settings.SERVICE_NAME, trusted_keys=settings.SERVICE_AUTH["TRUSTED_KEYS"]
            )
        except InvalidServiceToken as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from exc
        return ServicePrincipal(name=claims["iss"]), token

    def authenticate_header(self, request):
        return self.keyword

    def _bearer_token(self, request) -> str | None:
        parts = authentication.get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].decode().lower() != self.keyword.lower():
            return None
        return parts[1].decode()


class IsService(permissions.BasePermission):
    """Only other services, never customers or staff, may use the endpoint."""

    message = "This endpoint is for other microshop services only"

    def has_permission(self, request, view):
        return bool(getattr(request.user, "is_service", False))


class IsCustomer(permissions.BasePermission):
    """A person with a token from users (customer or staff), not another service."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and not getattr(user, "is_service", False))


class IsStaff(permissions.BasePermission):
    message = "Only staff may do this"

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff)


class IsOwnerOrStaff(permissions.BasePermission):
    """For URLs about one user (``/api/users/<user_id>/...``): that user, or staff."""

    message = "You may only see and change your own data"

    def has_permission(self, request, view):
        return can_access_user_data(request.user, view.kwargs["user_id"])


def can_access_user_data(user, owner_id: int) -> bool:
    """Owner or staff."""
    return bool(user.is_staff or (user.id is not None and int(user.id) == int(owner_id)))
