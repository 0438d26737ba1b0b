"""Tokens: users issues customer tokens; a calling service signs its own service tokens."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

from microshop_common.keys import private_key_path, public_key_path
from microshop_common.settings import embedded_dir

# Whom a customer token is for: the shop's APIs. Every service refuses a token signed
# for anything else, or for nothing in particular.
CUSTOMER_TOKEN_AUDIENCE = "microshop"


def jwt_keys_dir(env: environ.Env, *, base_dir: Path) -> Path:
    """``JWT_KEYS_DIR``, or ``var/keys`` where ``make run`` creates the keys."""
    return Path(env.str("JWT_KEYS_DIR", default=str(embedded_dir(base_dir) / "keys")))


def simple_jwt(keys_dir: Path, *, issues_customer_tokens: bool = False) -> dict[str, Any]:
    """``SIMPLE_JWT``: every service verifies customer tokens; only users signs them.

    Refreshing a token gives a new refresh token and blacklists the old one, so a stolen
    refresh token works once at most; users keeps the blacklist (simplejwt's app).
    https://django-rest-framework-simplejwt.readthedocs.io/en/latest/blacklist_app.html
    """
    return {
        "ALGORITHM": "RS256",
        "SIGNING_KEY": read_key(private_key_path(keys_dir, "users")) if issues_customer_tokens else "",
        "VERIFYING_KEY": read_key(public_key_path(keys_dir, "users")),
        "ISSUER": "users",
        "AUDIENCE": CUSTOMER_TOKEN_AUDIENCE,
        "ROTATE_REFRESH_TOKENS": True,
        "BLACKLIST_AFTER_ROTATION": True,
        "AUTH_HEADER_TYPES": ("Bearer",),
        "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
        "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
        "USER_ID_FIELD": "id",
        "USER_ID_CLAIM": "user_id",
        "UPDATE_LAST_LOGIN": False,
    }


def service_auth(keys_dir: Path, *, signs_as: str | None = None, trusts: tuple[str, ...] = ()) -> dict[str, Any]:
    """``SERVICE_AUTH``: the key a service signs its calls with, and the callers it trusts.

    ``signs_as``: the service's own name, if it holds a private key to sign with.
    ``trusts``: the services allowed to call its service-only endpoints.
    """
    return {
        "SIGNING_KEY": read_key(private_key_path(keys_dir, signs_as)) if signs_as else None,
        "TRUSTED_KEYS": {name: read_key(public_key_path(keys_dir, name)) for name in trusts},
        "TOKEN_LIFETIME_SECONDS": 300,
    }


def read_key(path: Path) -> str:
    try:
        return path.read_text()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"JWT key {path} is missing. Set JWT_KEYS_DIR to a folder holding the service keys, "
            f"or create them with: python -m microshop_common.keys {path.parent}"
        ) from None
