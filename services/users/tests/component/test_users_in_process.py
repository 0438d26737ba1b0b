"""Users as a black box, in this process: its API through DRF's test client, the events
it publishes read from its outbox.

Users calls no other service and consumes no event, so nothing is stubbed: the test
plays the customer, and orders calling the service-only endpoint.
"""

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def registration(**overrides) -> dict:
    """What a customer sends to register, from a user the factory makes up (and does not save)."""
    user = UserFactory.build()
    return {
        "username": user.username,
        "email": user.email,
        "password": PASSWORD,
        "first_name": user.first_name,
        "last_name": user.last_name,
        **overrides,
    }


def bearer(access_token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return client


def test_a_customer_registers_logs_in_edits_their_profile_and_refreshes_their_token(api_client, published_events):
    details = registration()

    registered = api_client.post("/api/users/", details)
    tokens = api_client.post("/api/auth/login/", {"username": details["username"], "password": PASSWORD}).json()
    me = bearer(tokens["access_token"]).get("/api/users/me/")
    user_id = me.json()["id"]
    edited = bearer(tokens["access_token"]).patch(
        f"/api/users/{user_id}/", {"bio": "Counts things.", "phone_number": "+44 20 8366 1177"}
    )
    refreshed = api_client.post("/api/auth/refresh/", {"refresh_token": tokens["refresh_token"]})
    me_again = bearer(refreshed.json()["access_token"]).get("/api/users/me/")

    assert registered.status_code == 201
    assert user_id == registered.json()["id"]
    assert (me.json()["username"], me.json()["email"]) == (details["username"], details["email"])
    assert edited.status_code == 200
    assert refreshed.status_code == 200
    assert (me_again.json()["bio"], me_again.json()["phone_number"]) == ("Counts things.", "+442083661177")
    [announced] = published_events("user.registered")
    assert announced["data"]["user_id"] == user_id


def test_a_registration_is_announced_with_what_notifications_needs(api_client, published_events):
    details = registration(first_name="Ada", last_name="Lovelace")

    user_id = api_client.post("/api/users/", details).json()["id"]

    [announced] = published_events()
    assert (announced["event_type"], announced["producer"], announced["version"]) == ("user.registered", "users", 1)
    assert announced["data"] == {
        "user_id": user_id,
        "username": details["username"],
        "email": details["email"],
        "first_name": "Ada",
        "last_name": "Lovelace",
    }


def test_a_refused_registration_announces_nothing(api_client, published_events):
    taken = UserFactory()

    response = api_client.post("/api/users/", registration(username=taken.username))

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"username"}
    assert published_events() == []


def test_orders_reads_a_user_through_the_service_only_endpoint(client_for):
    ada = UserFactory(first_name="Ada", last_name="Lovelace")

    response = client_for(service="orders").get(f"/api/internal/users/{ada.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": ada.pk,
        "username": ada.username,
        "email": ada.email,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "is_active": True,
    }


def test_orders_is_told_in_the_error_shape_that_a_user_does_not_exist(client_for):
    response = client_for(service="orders").get("/api/internal/users/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "User not found",
        "code": "USER_NOT_FOUND",
        "detail": "User with ID 999999 does not exist",
    }
