"""How the OpenAPI documents describe microshop's authentication and its errors."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from microshop_common.api.errors import ErrorOutputSerializer, ValidationErrorOutputSerializer

RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before asking again."}}


class AutoSchema(openapi.AutoSchema):
    """Every operation documents the errors it can answer, in the error shape, besides its own.

    What a view declares wins; the rest follows from how it is built: a body can be
    malformed (400, 413, 415), a token sent can be refused (401), a permission that is
    not ``AllowAny`` can refuse (403), a path parameter or a page can name nothing (404),
    a throttle can stop the caller (429, with ``Retry-After``).
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._errors().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        if "429" in responses:
            responses["429"].setdefault("headers", {}).update(RETRY_AFTER)
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # A nested list's bounds (many=True with allow_empty, min_length, max_length) are no
        # validators, which is all drf-spectacular reads bounds from.
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.ListSerializer) and schema.get("type") == "array":
            least = max(field.min_length or 0, 0 if field.allow_empty else 1)
            if least:
                schema["minItems"] = least
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
        return schema

    def _errors(self) -> dict[str, OpenApiResponse]:
        view = self.view
        errors = {}
        if self._get_request_body() is not None or self.method in {"POST", "PUT", "PATCH"}:
            errors["400"] = OpenApiResponse(
                ValidationErrorOutputSerializer,
                description="Invalid fields (code VALIDATION_ERROR), or malformed JSON.",
            )
            errors["413"] = OpenApiResponse(ErrorOutputSerializer, description="The body is too large.")
            errors["415"] = OpenApiResponse(ErrorOutputSerializer, description="The body is not JSON.")
        elif self._get_parameters_of_query():
            errors["400"] = OpenApiResponse(ValidationErrorOutputSerializer, description="Invalid query parameters.")
        if view.get_authenticators():
            errors["401"] = OpenApiResponse(ErrorOutputSerializer, description="No token, or a token refused.")
        if not all(isinstance(permission, AllowAny) for permission in view.get_permissions()):
            errors["403"] = OpenApiResponse(ErrorOutputSerializer, description="The caller may not do this.")
        if "{" in self.path or self._get_paginator() is not None:
            errors["404"] = OpenApiResponse(ErrorOutputSerializer, description="Nothing has this id, or no such page.")
        if view.get_throttles():
            errors["429"] = OpenApiResponse(ErrorOutputSerializer, description="Too many requests: see Retry-After.")
        return errors

    def _get_parameters_of_query(self) -> bool:
        return any(parameter.get("in") == "query" for parameter in self._get_parameters())


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


class StrictDecimalFieldScheme(OpenApiSerializerFieldExtension):
    """A decimal as the string it must be: digits, then at most ``decimal_places`` of them after a point."""

    target_class = "microshop_common.api.fields.StrictDecimalField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        whole = field.max_digits - field.decimal_places
        sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
        return {
            "type": "string",
            "format": "decimal",
            "pattern": rf"^{sign}\d{{1,{whole}}}(?:\.\d{{1,{field.decimal_places}}})?$",
        }
