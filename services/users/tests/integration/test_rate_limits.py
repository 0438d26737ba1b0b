"""Login and registration each cost a full password hash: both are limited, per client and,
for login, per username. The rates here are set low; their defaults are in the README."""

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("low_throttle_rates")]


def client_at(address: str) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


def login(client: APIClient, username: str, password: str = "wrong password"):
    return client.post("/api/auth/login/", {"username": username, "password": password})


def register(client: APIClient, username: str):
    return client.post(
        "/api/users/", {"username": username, "email": f"{username}@example.com", "password": "correct horse 42"}
    )


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    body = response.json()
    assert (body["error"], body["code"]) == ("Too many requests", "THROTTLED")
    assert "throttled" in body["detail"]


def test_guessing_one_accounts_password_from_many_addresses_is_stopped(api_client):
    UserFactory(username="ada")
    login(client_at("10.0.0.1"), "ada")
    login(client_at("10.0.0.2"), "ADA")

    assert_throttled(login(client_at("10.0.0.3"), "ada", PASSWORD))
    assert login(client_at("10.0.0.3"), "grace").status_code == 401


def test_one_address_trying_many_usernames_is_stopped():
    client = client_at("10.0.0.9")
    login(client, "ada")
    login(client, "grace")

    assert_throttled(login(client, "linus"))
    assert login(client_at("10.0.0.10"), "linus").status_code == 401


def test_registrations_from_one_address_are_limited():
    client = client_at("10.0.1.1")
    assert register(client, "ada").status_code == 201
    assert register(client, "grace").status_code == 201

    assert_throttled(register(client, "linus"))
    assert register(client_at("10.0.1.2"), "linus").status_code == 201


def test_staff_reading_the_list_of_users_is_not_counted_as_registering(client_for):
    staff = client_for(user_id=UserFactory(is_staff=True).id, is_staff=True)

    responses = [staff.get("/api/users/") for _ in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 200]
