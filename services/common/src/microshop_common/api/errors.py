"""The one error shape of every microshop API, and the one place that picks a status code.

Every error answer is ``{"error": ..., "code": ..., "detail": ...}``: domain errors
(:mod:`microshop_common.errors`), authentication, permission, not-found, malformed JSON,
unexpected server errors, and field validation, which adds ``fields``, DRF's usual
``{"field": ["message", ...]}``::

    {"error": "Invalid input", "code": "VALIDATION_ERROR",
     "detail": "email: Enter a valid email address.",
     "fields": {"email": ["Enter a valid email address."]}}

A database out of reach is a 503 with ``Retry-After``, never a 500: from a DRF view
through :func:`exception_handler`, from any other view through
:class:`DatabaseUnavailableMiddleware`.
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.log import log_response
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from microshop_common.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    NotPermitted,
    Unauthenticated,
    Unavailable,
    Unprocessable,
)

logger = logging.getLogger(__name__)

STATUS_OF_DOMAIN_ERRORS = {
    Invalid: status.HTTP_400_BAD_REQUEST,
    Unauthenticated: status.HTTP_401_UNAUTHORIZED,
    NotPermitted: status.HTTP_403_FORBIDDEN,
    NotFound: status.HTTP_404_NOT_FOUND,
    Conflict: status.HTTP_409_CONFLICT,
    # 422, as the IETF's Idempotency-Key draft asks of a key reused with another request:
    # https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
    Unprocessable: status.HTTP_422_UNPROCESSABLE_ENTITY,
    Unavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
}

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


# What Django raises when its database refuses the connection, drops it, or cannot answer
# now (a lock timeout, a failover): the same request may well work in a few seconds.
# https://docs.djangoproject.com/en/5.2/ref/exceptions/#database-exceptions
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
DATABASE_RETRY_AFTER_SECONDS = 5


class ErrorOutputSerializer(serializers.Serializer):
    """The error shape, for the OpenAPI documents: ``responses={404: ErrorOutputSerializer}``."""

    error = serializers.CharField()
    code = serializers.CharField()
    detail = serializers.CharField()


class ValidationErrorOutputSerializer(ErrorOutputSerializer):
    """The error shape of a 400 for invalid fields: ``code`` is ``VALIDATION_ERROR``."""

    # Absent when the body is no JSON at all (code MALFORMED_REQUEST), which the same 400 answers.
    fields = serializers.DictField(
        required=False,
        help_text='The messages of each invalid field, as DRF gives them: {"field": ["message", ...]}. '
        "A nested object or list nests the same way; errors of no single field are under non_field_errors.",
    )


def error_body(error: str, code: str, detail: str) -> dict[str, str]:
    return {"error": error, "code": code, "detail": detail}


def validation_error_body(fields: dict) -> dict:
    return {**error_body("Invalid input", "VALIDATION_ERROR", _first_messages(fields)), "fields": fields}


DATABASE_UNAVAILABLE_BODY = error_body(
    "Service unavailable",
    "SERVICE_UNAVAILABLE",
    "The service cannot reach its database right now; try again in a few seconds",
)


def exception_handler(exc, context):
    """Render every error a view lets out in the error shape; leave the unexpected to ``handler500``."""
    if isinstance(exc, DATABASE_UNAVAILABLE_ERRORS):
        set_rollback()
        request = getattr(context.get("request"), "_request", None)  # Django's request, under DRF's
        return _database_unavailable(Response(DATABASE_UNAVAILABLE_BODY, status=503), request, exc)
    if isinstance(exc, DomainError):
        set_rollback()  # as DRF does for its own errors, should ATOMIC_REQUESTS be turned on
        # A refusal of no known kind is still the client's to change, not a server error.
        status_code = _first_of_kind(STATUS_OF_DOMAIN_ERRORS, exc, default=status.HTTP_400_BAD_REQUEST)
        return Response(error_body(exc.error, exc.code, exc.detail), status=status_code)
    if isinstance(exc, DjangoValidationError):
        # A model's full_clean() in a service function: the same 400 as a serializer's.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        fields = response.data
        if not isinstance(fields, dict):
            fields = {api_settings.NON_FIELD_ERRORS_KEY: fields}
        response.data = validation_error_body(fields)
    else:
        error, code = _first_of_kind(_DRF_ERRORS, exc, default=("Request failed", "ERROR"))
        response.data = error_body(error, code, _sentence(exc.detail))
    return response


def handler400(request, exception=None):
    """What Django itself refuses before a view runs, such as a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(
            error_body("Request too large", "REQUEST_TOO_LARGE", "The request body is larger than this API accepts"),
            status=413,
        )
    return JsonResponse(error_body("Bad request", "BAD_REQUEST", "The request is malformed"), status=400)


def handler404(request, exception=None):
    return JsonResponse(error_body("Not found", "NOT_FOUND", f"No endpoint at {request.path}"), status=404)


def handler500(request):
    return JsonResponse(
        error_body("Internal server error", "INTERNAL_ERROR", "The server failed to handle the request"),
        status=500,
    )


class DatabaseUnavailableMiddleware:
    """A view outside DRF that cannot reach the database answers 503, as DRF's views do.

    Django hands a middleware what a view raises through ``process_exception``; what it
    returns is the answer, instead of a 500 and a traceback in the log.
    https://docs.djangoproject.com/en/5.2/topics/http/middleware/#process-exception
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            return None
        return _database_unavailable(JsonResponse(DATABASE_UNAVAILABLE_BODY, status=503), request, exception)


def _database_unavailable(response: HttpResponse, request, exc: Exception) -> HttpResponse:
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    # One line at warning level, with no traceback: while the database is down every
    # request fails the same way. log_response marks the answer as logged, so Django's
    # own "Service Unavailable" line is not written after it.
    log_response(
        "database unavailable, answered 503 to %s %s: %s: %s",
        getattr(request, "method", "-"),
        getattr(request, "path", "-"),
        type(exc).__name__,
        " ".join(str(exc).split()),  # psycopg spreads a message over lines
        response=response,
        request=request,
        logger=logger,
        level="warning",
    )
    return response


def _first_of_kind(table: dict, exc: Exception, *, default):
    """The value of the first class in ``table`` that ``exc`` is an instance of."""
    return next((value for kind, value in table.items() if isinstance(exc, kind)), default)


def _sentence(detail) -> str:
    # Some errors carry a structure, such as simplejwt's {"detail": ..., "messages": [...]}:
    # a client gets its sentence, never its repr.
    if isinstance(detail, dict) and "detail" in detail:
        return str(detail["detail"])
    if isinstance(detail, list | dict):
        return _first_messages(detail) or "Request failed"
    return str(detail)


def _first_messages(errors, path: str = "") -> str:
    """One sentence for ``detail``: the first message of every invalid field, named by its path."""
    if isinstance(errors, dict):
        parts = [_first_messages(nested, _path_to(path, key)) for key, nested in errors.items()]
    elif isinstance(errors, list) and errors and not all(isinstance(item, str) for item in errors):
        parts = [_first_messages(nested, f"{path}[{index}]") for index, nested in enumerate(errors) if nested]
    elif isinstance(errors, list):
        parts = [f"{path}: {errors[0]}" if path else str(errors[0])] if errors else []
    else:
        parts = [f"{path}: {errors}" if path else str(errors)]
    return " ".join(part for part in parts if part)


def _path_to(path: str, key) -> str:
    if key == api_settings.NON_FIELD_ERRORS_KEY:
        return path
    return f"{path}.{key}" if path else str(key)
