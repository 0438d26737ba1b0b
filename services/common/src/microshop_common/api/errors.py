"""The one error shape of every microshop API.

Field validation errors keep DRF's ``{"field": ["message", ...]}`` with status 400.
Every other error is ``{"error": ..., "code": ..., "detail": ...}``, including
authentication, permission, not-found, malformed JSON and unexpected server errors.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    """An error a client can act on. Raise a subclass, or this with explicit values."""

    status_code = status.HTTP_400_BAD_REQUEST
    error = "Bad request"
    code = "BAD_REQUEST"

    def __init__(self, detail: str, *, error: str | None = None, code: str | None = None):
        super().__init__(detail)
        self.error = error or self.error
        self.code = code or self.code


class NotFoundError(ApiError):
    """``NotFoundError("User", 999)`` → 404 ``USER_NOT_FOUND``, "User with ID 999 does not exist"."""

    status_code = status.HTTP_404_NOT_FOUND

    def __init__(self, resource: str, resource_id: object):
        super().__init__(
            f"{resource} with ID {resource_id} does not exist",
            error=f"{resource} not found",
            code=f"{resource.upper().replace(' ', '_')}_NOT_FOUND",
        )


class ConflictError(ApiError):
    status_code = status.HTTP_409_CONFLICT
    error = "Conflict"
    code = "CONFLICT"


class DependencyUnavailableError(ApiError):
    """Another service this request needs did not answer in time."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    error = "Service unavailable"
    code = "SERVICE_UNAVAILABLE"


_DRF_ERRORS = {
    exceptions.NotAuthenticated: ("Authentication required", "NOT_AUTHENTICATED"),
    exceptions.AuthenticationFailed: ("Authentication failed", "AUTHENTICATION_FAILED"),
    exceptions.PermissionDenied: ("Permission denied", "PERMISSION_DENIED"),
    exceptions.NotFound: ("Not found", "NOT_FOUND"),
    exceptions.MethodNotAllowed: ("Method not allowed", "METHOD_NOT_ALLOWED"),
    exceptions.NotAcceptable: ("Not acceptable", "NOT_ACCEPTABLE"),
    exceptions.UnsupportedMediaType: ("Unsupported media type", "UNSUPPORTED_MEDIA_TYPE"),
    exceptions.ParseError: ("Malformed request", "MALFORMED_REQUEST"),
    exceptions.Throttled: ("Too many requests", "THROTTLED"),
}


class ErrorOutputSerializer(serializers.Serializer):
    """The error shape, for the OpenAPI documents: ``responses={404: ErrorOutputSerializer}``."""

    error = serializers.CharField()
    code = serializers.CharField()
    detail = serializers.CharField()


def error_body(error: str, code: str, detail: str) -> dict[str, str]:
    return {"error": error, "code": code, "detail": detail}


def exception_handler(exc, context):
    """DRF's handler, with every non-field error rewritten into the error shape."""
    if isinstance(exc, DjangoValidationError):
        # A model's full_clean() in a service function: the same 400 as a serializer's.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # Unexpected: Django's handler500 answers in the same shape.

    if isinstance(exc, ApiError):
        response.data = error_body(exc.error, exc.code, str(exc.detail))
    elif isinstance(exc, exceptions.ValidationError):
        if not isinstance(response.data, dict):
            response.data = {"non_field_errors": response.data}
    else:
        error, code = next(
            (names for drf_type, names in _DRF_ERRORS.items() if isinstance(exc, drf_type)),
            ("Request failed", "ERROR"),
        )
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response.data = error_body(error, code, detail)
    return response


def handler404(request, exception=None):
    return JsonResponse(error_body("Not found", "NOT_FOUND", f"No endpoint at {request.path}"), status=404)


def handler500(request):
    return JsonResponse(
        error_body("Internal server error", "INTERNAL_ERROR", "The server failed to handle the request"),
        status=500,
    )
