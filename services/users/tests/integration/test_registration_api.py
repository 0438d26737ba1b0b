from datetime import datetime

import pytest

from tests.factories import UserFactory
from users.models import Profile, User

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "username": "ada",
    "email": "ada@example.com",
    "password": "testpass123",
    "first_name": "Ada",
    "last_name": "Lovelace",
}


def test_registering_answers_with_the_new_account_and_never_the_password(api_client):
    response = api_client.post("/api/users/", REGISTRATION)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "username", "email", "first_name", "last_name", "is_active", "created_at"}
    assert body["id"] == User.objects.get(username="ada").pk
    assert (body["username"], body["email"], body["first_name"], body["last_name"]) == (
        "ada",
        "ada@example.com",
        "Ada",
        "Lovelace",
    )
    assert body["is_active"] is True
    assert datetime.fromisoformat(body["created_at"]).tzinfo is not None


def test_the_password_is_stored_hashed(api_client):
    api_client.post("/api/users/", REGISTRATION)

    user = User.objects.get(username="ada")
    assert user.password != "testpass123"
    assert user.check_password("testpass123")


def test_an_account_starts_with_an_empty_profile(api_client):
    api_client.post("/api/users/", REGISTRATION)

    profile = Profile.objects.get(user__username="ada")
    assert (profile.bio, profile.phone_number, profile.birth_date) == ("", "", None)


def test_registering_announces_the_new_user(api_client, published_events):
    response = api_client.post("/api/users/", REGISTRATION)

    [event] = published_events("user.registered")
    assert event["producer"] == "users"
    assert event["version"] == 1
    assert event["data"] == {
        "user_id": response.json()["id"],
        "username": "ada",
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
    }


def test_a_weak_password_is_a_field_error_and_opens_no_account(api_client, published_events):
    response = api_client.post("/api/users/", {**REGISTRATION, "password": "123"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"password"}
    assert not User.objects.filter(username="ada").exists()
    assert published_events("user.registered") == []


def test_a_taken_username_is_a_field_error_and_announces_nothing(api_client, published_events):
    UserFactory(username="ada")

    response = api_client.post("/api/users/", {**REGISTRATION, "email": "other@example.com"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"username": ["A user with this username already exists."]}
    assert published_events("user.registered") == []


def test_a_taken_email_is_a_field_error_whatever_its_case(api_client):
    UserFactory(email="ada@example.com")

    response = api_client.post("/api/users/", {**REGISTRATION, "email": "ADA@Example.com"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"email": ["A user with this email already exists."]}


def test_a_client_cannot_register_itself_as_staff(api_client):
    api_client.post("/api/users/", {**REGISTRATION, "is_staff": True, "is_superuser": True})

    user = User.objects.get(username="ada")
    assert (user.is_staff, user.is_superuser) == (False, False)
