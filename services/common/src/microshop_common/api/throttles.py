"""Limits on how often a client may call the costly endpoints, counted in the cache.

Each throttle reads its rate from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` when it is
made, not when this module is imported (DRF's own default), so settings changed at run
time, in tests, take effect. A throttled request gets 429 with ``Retry-After``, in the
error shape (``microshop_common.api.errors``).
https://www.django-rest-framework.org/api-guide/throttling/
"""

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _Throttle(SimpleRateThrottle):
    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class LoginPerClientThrottle(_Throttle):
    """Login attempts from one client address."""

    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": "login-client", "ident": self.get_ident(request)}


class LoginPerUsernameThrottle(_Throttle):
    """Login attempts for one username, from anywhere: guessing one account's password."""

    scope = "login"

    def get_cache_key(self, request, view) -> str | None:
        username = request.data.get("username") if isinstance(request.data, dict) else None
        if not isinstance(username, str) or not username:
            return None  # the serializer refuses it; nothing to count
        # Hashed: a username may hold any character, and cache keys may not (memcached
        # refuses spaces and control characters, and keys longer than 250 bytes).
        ident = hashlib.sha256(username.lower().encode()).hexdigest()
        return self.cache_format % {"scope": "login-username", "ident": ident}


class RegisterPerClientThrottle(_Throttle):
    """Accounts opened from one client address."""

    scope = "register"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class OrdersPerCustomerThrottle(_Throttle):
    """Orders placed by one customer."""

    scope = "orders"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.user.id}
