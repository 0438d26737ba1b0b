import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions

from microshop_common.api.errors import exception_handler, handler400
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


def handle(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data


def test_not_found_names_the_resource_and_its_id():
    assert handle(NotFound.of("User", 999)) == (
        404,
        {"error": "User not found", "code": "USER_NOT_FOUND", "detail": "User with ID 999 does not exist"},
    )


def test_field_validation_errors_are_in_the_error_shape_with_drfs_fields():
    assert handle(exceptions.ValidationError({"email": ["Enter a valid email address."]})) == (
        400,
        {
            "error": "Invalid input",
            "code": "VALIDATION_ERROR",
            "detail": "email: Enter a valid email address.",
            "fields": {"email": ["Enter a valid email address."]},
        },
    )


def test_the_detail_of_a_validation_error_names_every_invalid_field_once_nested_ones_by_path():
    fields = {
        "password": ["This password is too short.", "This password is too common."],
        "items": [{}, {"quantity": ["Ensure this value is greater than or equal to 1."]}],
        "shipping_address": {"zip_code": ["This field is required."]},
    }

    _, body = handle(exceptions.ValidationError(fields))

    assert body["detail"] == (
        "password: This password is too short. "
        "items[1].quantity: Ensure this value is greater than or equal to 1. "
        "shipping_address.zip_code: This field is required."
    )
    assert body["fields"] == fields


def test_a_model_validation_error_from_a_service_is_a_400_field_error():
    status, body = handle(DjangoValidationError({"sku": ["Product with this Sku already exists."]}))

    assert status == 400
    assert (body["code"], body["fields"]) == ("VALIDATION_ERROR", {"sku": ["Product with this Sku already exists."]})


def test_a_validation_error_without_a_field_is_under_non_field_errors():
    status, body = handle(exceptions.ValidationError(["Nothing to order."]))

    assert status == 400
    assert body["fields"] == {"non_field_errors": ["Nothing to order."]}
    assert body["detail"] == "Nothing to order."


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


def test_each_kind_of_domain_error_has_its_status_and_a_raise_can_name_its_own_code():
    statuses = {
        kind: handle(kind("Order 3 is rejected", code="ORDER_NOT_CANCELLABLE"))
        for kind in (Invalid, Unauthenticated, NotPermitted, NotFound, Conflict, Unprocessable, Unavailable)
    }

    assert {kind: status for kind, (status, _) in statuses.items()} == {
        Invalid: 400,
        Unauthenticated: 401,
        NotPermitted: 403,
        NotFound: 404,
        Conflict: 409,
        Unprocessable: 422,
        Unavailable: 503,
    }
    assert {body["code"] for _, body in statuses.values()} == {"ORDER_NOT_CANCELLABLE"}


def test_a_services_own_error_takes_the_status_of_its_kind_and_its_own_names():
    class OrderNotCancellable(Conflict):
        error = "Order not cancellable"
        code = "ORDER_NOT_CANCELLABLE"

    assert handle(OrderNotCancellable("Order 3 is rejected")) == (
        409,
        {"error": "Order not cancellable", "code": "ORDER_NOT_CANCELLABLE", "detail": "Order 3 is rejected"},
    )


def test_a_domain_error_of_no_known_kind_is_the_clients_400_not_a_500():
    assert handle(DomainError("No"))[0] == 400


def test_a_database_out_of_reach_is_a_503_with_retry_after_not_a_500():
    response = exception_handler(OperationalError("connection refused"), {})

    assert (response.status_code, response.data["code"], response["Retry-After"]) == (503, "SERVICE_UNAVAILABLE", "5")


def test_an_unexpected_exception_is_left_to_the_500_handler():
    assert exception_handler(RuntimeError("boom"), {}) is None


def test_an_error_whose_detail_is_a_structure_gets_a_sentence_not_its_repr():
    structured = exceptions.AuthenticationFailed({"detail": "Given token not valid", "messages": [{"a": "b"}]})

    assert handle(structured)[1]["detail"] == "Given token not valid"
    assert handle(exceptions.PermissionDenied(["Only staff may do this."]))[1]["detail"] == "Only staff may do this."


def test_what_django_refuses_before_any_view_is_answered_in_the_error_shape(rf):
    too_big = handler400(rf.post("/api/products/"), RequestDataTooBig("over 2.5 MB"))
    malformed = handler400(rf.get("/"), SuspiciousOperation("bad host"))

    assert (too_big.status_code, json.loads(too_big.content)["code"]) == (413, "REQUEST_TOO_LARGE")
    assert (malformed.status_code, json.loads(malformed.content)["code"]) == (400, "BAD_REQUEST")
