"""How the OpenAPI documents describe microshop's authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ServiceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "microshop_common.auth.ServiceTokenAuthentication"
    name = "serviceToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "A service token: a short-lived RS256 JWT that the calling service signs with its own "
                "key, with token_type 'service' and this service as audience. For /api/internal/ endpoints."
            ),
        }


class AuthorizationHeaderCheckScheme(OpenApiAuthenticationExtension):
    """A check of the header before the authenticators, not a way to authenticate: nothing to document."""

    target_class = "microshop_common.auth.AuthorizationHeaderCheck"
    name: list[str] = []

    def get_security_requirement(self, auto_schema):
        return None

    def get_security_definition(self, auto_schema):
        return []
