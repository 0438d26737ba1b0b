import jwt
import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

INVALID_CREDENTIALS = {
    "error": "Invalid credentials",
    "code": "INVALID_CREDENTIALS",
    "detail": "No active account found with the given username and password",
}


def claims_of(token: str) -> dict:
    return jwt.decode(
        token, settings.SIMPLE_JWT["VERIFYING_KEY"], algorithms=["RS256"], issuer="users", audience="microshop"
    )


def login(client: APIClient, username: str, password: str = PASSWORD):
    return client.post("/api/auth/login/", {"username": username, "password": password})


def bearer(access_token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return client


def test_logging_in_gives_a_bearer_access_token_and_a_refresh_token(api_client):
    UserFactory(username="ada")

    response = login(api_client, "ada")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900


def test_the_access_token_names_the_user_for_the_other_services(api_client):
    ada = UserFactory(username="ada", is_staff=True)

    access_token = login(api_client, "ada").json()["access_token"]

    claims = claims_of(access_token)
    assert (claims["user_id"], claims["username"], claims["is_staff"]) == (ada.pk, "ada", True)


def test_the_access_token_from_login_opens_the_account(api_client):
    ada = UserFactory(username="ada")

    access_token = login(api_client, "ada").json()["access_token"]

    response = bearer(access_token).get("/api/users/me/")
    assert response.status_code == 200
    assert response.json()["id"] == ada.pk


def test_a_wrong_password_is_401_in_the_error_shape(api_client):
    UserFactory(username="ada")

    response = login(api_client, "ada", "wrong-password")

    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(api_client):
    response = login(api_client, "nobody")

    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


def test_an_inactive_user_cannot_log_in(api_client):
    UserFactory(username="ada", is_active=False)

    response = login(api_client, "ada")

    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


def test_a_stale_token_in_the_header_does_not_stop_a_login():
    UserFactory(username="ada")

    response = login(bearer("stale.token.value"), "ada")

    assert response.status_code == 200


def test_a_refresh_token_gets_a_new_access_token_that_works(api_client):
    ada = UserFactory(username="ada")
    tokens = login(api_client, "ada").json()

    response = api_client.post("/api/auth/refresh/", {"refresh_token": tokens["refresh_token"]})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 900)
    assert body["access_token"] != tokens["access_token"]
    assert bearer(body["access_token"]).get("/api/users/me/").json()["id"] == ada.pk


def test_a_refreshed_token_carries_the_staff_status_the_user_has_now(api_client):
    ada = UserFactory(username="ada")
    refresh_token = login(api_client, "ada").json()["refresh_token"]
    ada.is_staff = True
    ada.save()

    access_token = api_client.post("/api/auth/refresh/", {"refresh_token": refresh_token}).json()["access_token"]

    claims = claims_of(access_token)
    assert claims["is_staff"] is True


def test_an_access_token_cannot_be_used_to_refresh(api_client):
    UserFactory(username="ada")
    access_token = login(api_client, "ada").json()["access_token"]

    response = api_client.post("/api/auth/refresh/", {"refresh_token": access_token})

    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"


def test_a_malformed_refresh_token_is_401_in_the_error_shape(api_client):
    response = api_client.post("/api/auth/refresh/", {"refresh_token": "not-a-token"})

    assert response.status_code == 401
    assert set(response.json()) == {"error", "code", "detail"}
    assert response.json()["code"] == "INVALID_TOKEN"


def test_a_deactivated_user_cannot_refresh(api_client):
    ada = UserFactory(username="ada")
    refresh_token = login(api_client, "ada").json()["refresh_token"]
    ada.is_active = False
    ada.save()

    response = api_client.post("/api/auth/refresh/", {"refresh_token": refresh_token})

    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"


def test_a_deleted_user_cannot_refresh(api_client):
    ada = UserFactory(username="ada")
    refresh_token = login(api_client, "ada").json()["refresh_token"]
    ada.delete()

    response = api_client.post("/api/auth/refresh/", {"refresh_token": refresh_token})

    assert response.status_code == 401


def test_the_access_token_of_a_deactivated_user_stops_working_at_once(api_client):
    ada = UserFactory(username="ada")
    access_token = login(api_client, "ada").json()["access_token"]
    ada.is_active = False
    ada.save()

    response = bearer(access_token).get("/api/users/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "AUTHENTICATION_FAILED"


def test_a_refresh_gives_a_new_refresh_token_and_the_old_one_is_refused_after(api_client):
    UserFactory(username="ada")
    first = login(api_client, "ada").json()["refresh_token"]

    refreshed = api_client.post("/api/auth/refresh/", {"refresh_token": first})
    reused = api_client.post("/api/auth/refresh/", {"refresh_token": first})

    assert refreshed.status_code == 200
    assert refreshed.json()["refresh_token"] != first
    assert reused.status_code == 401
    assert reused.json()["code"] == "INVALID_TOKEN"
    next_refresh = api_client.post("/api/auth/refresh/", {"refresh_token": refreshed.json()["refresh_token"]})
    assert next_refresh.status_code == 200


def test_after_logout_the_refresh_token_is_refused(api_client):
    UserFactory(username="ada")
    refresh_token = login(api_client, "ada").json()["refresh_token"]

    logout = api_client.post("/api/auth/logout/", {"refresh_token": refresh_token})
    refresh = api_client.post("/api/auth/refresh/", {"refresh_token": refresh_token})

    assert logout.status_code == 204
    assert refresh.status_code == 401
    assert "blacklisted" in refresh.json()["detail"]


def test_logging_out_with_something_that_is_no_refresh_token_is_a_401(api_client):
    response = api_client.post("/api/auth/logout/", {"refresh_token": "not-a-token"})

    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"
