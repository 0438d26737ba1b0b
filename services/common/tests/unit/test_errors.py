from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions

from microshop_common.api.errors import ConflictError, NotFoundError, exception_handler


def handle(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data


def test_not_found_names_the_resource_and_its_id():
    assert handle(NotFoundError("User", 999)) == (
        404,
        {"error": "User not found", "code": "USER_NOT_FOUND", "detail": "User with ID 999 does not exist"},
    )


def test_field_validation_errors_keep_the_drf_shape():
    assert handle(exceptions.ValidationError({"email": ["Enter a valid email address."]})) == (
        400,
        {"email": ["Enter a valid email address."]},
    )


def test_a_model_validation_error_from_a_service_is_a_400_field_error():
    assert handle(DjangoValidationError({"sku": ["Product with this Sku already exists."]})) == (
        400,
        {"sku": ["Product with this Sku already exists."]},
    )


def test_a_validation_error_without_a_field_is_under_non_field_errors():
    status, body = handle(exceptions.ValidationError(["Nothing to order."]))

    assert status == 400
    assert body == {"non_field_errors": ["Nothing to order."]}


def test_drf_errors_are_rewritten_into_the_error_shape():
    assert handle(exceptions.NotAuthenticated())[1]["code"] == "NOT_AUTHENTICATED"
    assert handle(exceptions.PermissionDenied())[1]["code"] == "PERMISSION_DENIED"
    assert handle(exceptions.ParseError("JSON parse error"))[1] == {
        "error": "Malformed request",
        "code": "MALFORMED_REQUEST",
        "detail": "JSON parse error",
    }


def test_django_404_and_permission_denied_get_the_error_shape_too():
    assert handle(Http404("No such thing")) == (
        404,
        {"error": "Not found", "code": "NOT_FOUND", "detail": "No such thing"},
    )
    assert handle(PermissionDenied())[0] == 403


def test_a_conflict_carries_its_own_code():
    status, body = handle(ConflictError("Order 3 is rejected", code="ORDER_NOT_CANCELLABLE"))

    assert status == 409
    assert body["code"] == "ORDER_NOT_CANCELLABLE"


def test_an_unexpected_exception_is_left_to_the_500_handler():
    assert exception_handler(RuntimeError("boom"), {}) is None
