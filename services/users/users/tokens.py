"""Customer tokens: the JWTs users signs at login and refresh, built with simplejwt.

Besides simplejwt's own claims (``token_type``, ``exp``, ``iat``, ``jti``, ``user_id``,
``iss``) every token carries ``is_staff`` and ``username``, which the other services
read without calling users. An access token copies the claims of its refresh token.
https://django-rest-framework-simplejwt.readthedocs.io/en/latest/customizing_token_claims.html
"""

from dataclasses import dataclass

from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from users.errors import InvalidRefreshToken
from users.models import User


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token stays valid
    token_type: str = "Bearer"


def token_pair_for(user: User) -> TokenPair:
    """A new pair for ``user``, its refresh token recorded as outstanding so that it can be blacklisted."""
    return customer_token_pair(RefreshToken.for_user(user), user)


def customer_token_pair(refresh: RefreshToken, user: User) -> TokenPair:
    """``refresh`` with the claims of ``user`` that the other services read, and the access token
    that copies them. Signing writes nothing: this needs no database."""
    _set_customer_claims(refresh, user)
    return _pair(access=refresh.access_token, refresh=refresh)


def read_refresh_token(raw: str) -> RefreshToken:
    """``raw`` if users signed it as a refresh token that has not expired."""
    try:
        # simplejwt annotates this argument as a Token; it takes, and documents, the encoded string.
        refresh = RefreshToken(raw)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidRefreshToken(str(exc)) from exc
    if api_settings.USER_ID_CLAIM not in refresh:
        raise InvalidRefreshToken("Token names no user")
    return refresh


def token_pair_refreshed(refresh: RefreshToken, user: User) -> TokenPair:
    """A new pair in place of ``refresh``, which is blacklisted: the claims are those ``user`` has now.

    The new refresh token lives as long as a refresh token issued at login.
    """
    _blacklist_once(refresh)
    return token_pair_for(user)


def token_revoke(refresh: RefreshToken) -> None:
    """Blacklist ``refresh``: logging out. Access tokens already issued live out their 15 minutes."""
    _blacklist_once(refresh)


def _blacklist_once(refresh: RefreshToken) -> None:
    # The blacklist holds a token once (a one-to-one row), so of two requests racing with
    # the same refresh token only one gets here first; the other is refused.
    refresh.outstand()
    outstanding = OutstandingToken.objects.get(jti=refresh[api_settings.JTI_CLAIM])
    _, blacklisted_now = BlacklistedToken.objects.get_or_create(token=outstanding)
    if not blacklisted_now:
        raise InvalidRefreshToken("Token is blacklisted")


def _set_customer_claims(token: Token, user: User) -> None:
    # simplejwt writes the id as a string; the contract, and request.user.id in the
    # services that read this claim, expect the integer.
    token[api_settings.USER_ID_CLAIM] = user.pk
    token["is_staff"] = user.is_staff
    token["username"] = user.username


def _pair(*, access: Token, refresh: RefreshToken) -> TokenPair:
    return TokenPair(
        access_token=str(access),
        refresh_token=str(refresh),
        expires_in=int(api_settings.ACCESS_TOKEN_LIFETIME.total_seconds()),
    )
