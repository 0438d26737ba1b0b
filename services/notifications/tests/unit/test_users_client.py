import jwt
import pytest
import requests
import responses
from django.conf import settings

from microshop_common.clients import ResourceNotFound, ServiceUnavailable, UnexpectedResponse
from microshop_common.keys import public_key_path
from notifications.clients.users import HttpUsersClient, UserAccount

USERS_URL = "http://users.test"
ANN_URL = f"{USERS_URL}/api/internal/users/7/"
ANN = {
    "id": 7,
    "username": "ann",
    "email": "ann@example.com",
    "first_name": "Ann",
    "last_name": "Lee",
    "is_active": True,
}


@pytest.fixture
def users() -> HttpUsersClient:
    return HttpUsersClient(USERS_URL)


@responses.activate
def test_a_user_is_read_from_the_internal_endpoint(users):
    responses.get(ANN_URL, json=ANN)

    user = users.get_user(7)

    assert user == UserAccount(
        id=7, username="ann", email="ann@example.com", first_name="Ann", last_name="Lee", is_active=True
    )


@responses.activate
def test_the_call_is_signed_as_notifications_for_users(users):
    responses.get(ANN_URL, json=ANN)

    users.get_user(7)

    token = responses.calls[0].request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(
        token,
        public_key_path(settings.JWT_KEYS_DIR, "notifications").read_text(),
        algorithms=["RS256"],
        audience="users",
    )
    assert (claims["iss"], claims["token_type"]) == ("notifications", "service")


@responses.activate
def test_an_unknown_user_is_resource_not_found(users):
    body = {"error": "User not found", "code": "USER_NOT_FOUND", "detail": "User with ID 7 does not exist"}
    responses.get(ANN_URL, status=404, json=body)

    with pytest.raises(ResourceNotFound):
        users.get_user(7)


@responses.activate
def test_a_server_error_means_users_is_unavailable(users):
    responses.get(ANN_URL, status=500, json={"error": "Internal server error"})

    with pytest.raises(ServiceUnavailable):
        users.get_user(7)


@responses.activate
def test_a_timeout_means_users_is_unavailable(users):
    responses.get(ANN_URL, body=requests.ReadTimeout("read timed out"))

    with pytest.raises(ServiceUnavailable, match="ReadTimeout"):
        users.get_user(7)


@responses.activate
def test_a_user_without_an_email_is_an_unexpected_response(users):
    responses.get(ANN_URL, json={key: value for key, value in ANN.items() if key != "email"})

    with pytest.raises(UnexpectedResponse, match="email"):
        users.get_user(7)
