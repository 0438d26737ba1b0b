"""Django REST framework, and the OpenAPI documents drf-spectacular serves."""

import re
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

# The other services trust a customer token's claims, checked against users' public
# key, so a request needs no call to users.
# https://django-rest-framework-simplejwt.readthedocs.io/en/latest/stateless_user_authentication.html
STATELESS_CUSTOMER_AUTHENTICATION = "rest_framework_simplejwt.authentication.JWTStatelessUserAuthentication"


# Each limit, its environment variable (named like the scope, upper case) and its default.
# Generous for a person, tight for a script: login and registration each cost a full
# password hash. https://www.django-rest-framework.org/api-guide/throttling/
THROTTLE_DEFAULTS = {"login": "10/min", "register": "20/hour", "orders": "30/min"}
RATE = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)")


def throttle_rates(env: environ.Env) -> dict[str, str]:
    """``THROTTLE_LOGIN``, ``THROTTLE_REGISTER`` and ``THROTTLE_ORDERS``, in DRF's ``N/period`` form."""
    rates = {scope: env.str(f"THROTTLE_{scope.upper()}", default=rate) for scope, rate in THROTTLE_DEFAULTS.items()}
    for scope, rate in rates.items():
        if not RATE.fullmatch(rate):
            raise ImproperlyConfigured(f"THROTTLE_{scope.upper()}={rate!r}: give a rate such as 10/min")
    return rates


def rest_framework(
    *, throttle_rates: dict[str, str], customer_authentication: str = STATELESS_CUSTOMER_AUTHENTICATION
) -> dict[str, Any]:
    """``REST_FRAMEWORK``: JSON only, the error shape, 20 per page, authenticated by default."""
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "microshop_common.auth.AuthorizationHeaderCheck",
            "microshop_common.auth.ServiceTokenAuthentication",
            customer_authentication,
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_PAGINATION_CLASS": "microshop_common.api.pagination.StandardPagination",
        "PAGE_SIZE": 20,
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["microshop_common.api.parsers.JSONParser"],
        "EXCEPTION_HANDLER": "microshop_common.api.errors.exception_handler",
        "DEFAULT_SCHEMA_CLASS": "microshop_common.api.schema.AutoSchema",
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
        "UNAUTHENTICATED_USER": None,
        # Views name their throttles (microshop_common.api.throttles); these are the rates.
        "DEFAULT_THROTTLE_RATES": throttle_rates,
    }


def spectacular_settings(service: str) -> dict[str, Any]:
    """``SPECTACULAR_SETTINGS``: the document at ``/api/schema/``, readable without a token."""
    return {
        "TITLE": f"microshop {service} API",
        "VERSION": "1.0.0",
        "SERVE_INCLUDE_SCHEMA": False,
        "COMPONENT_SPLIT_REQUEST": True,
        "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
        "SERVE_AUTHENTICATION": [],
    }
