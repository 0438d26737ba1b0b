"""Django REST framework, and the OpenAPI documents drf-spectacular serves."""

from typing import Any

# The other services trust a customer token's claims, checked against users' public
# key, so a request needs no call to users.
# https://django-rest-framework-simplejwt.readthedocs.io/en/latest/stateless_user_authentication.html
STATELESS_CUSTOMER_AUTHENTICATION = "rest_framework_simplejwt.authentication.JWTStatelessUserAuthentication"


def rest_framework(*, customer_authentication: str = STATELESS_CUSTOMER_AUTHENTICATION) -> dict[str, Any]:
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
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
        "UNAUTHENTICATED_USER": None,
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
