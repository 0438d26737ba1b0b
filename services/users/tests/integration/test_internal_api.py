"""``GET /api/internal/users/{id}/``: what orders and notifications read about a user."""

import pytest

from microshop_testing.tokens import service_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("caller", ["orders", "notifications"])
def test_a_trusted_service_reads_a_user(client_for, caller):
    ada = UserFactory(username="ada", email="ada@example.com", first_name="Ada", last_name="Lovelace")

    response = client_for(service=caller).get(f"/api/internal/users/{ada.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": ada.pk,
        "username": "ada",
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "is_active": True,
    }


def test_an_unknown_user_is_404_in_the_error_shape(client_for):
    response = client_for(service="orders").get("/api/internal/users/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "User not found",
        "code": "USER_NOT_FOUND",
        "detail": "User with ID 999999 does not exist",
    }


def test_a_customer_token_cannot_reach_the_service_only_endpoint(client_of):
    ada = UserFactory()

    response = client_of(ada).get(f"/api/internal/users/{ada.pk}/")

    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


def test_a_staff_token_cannot_reach_the_service_only_endpoint_either(client_of):
    admin = UserFactory(is_staff=True)

    response = client_of(admin).get(f"/api/internal/users/{admin.pk}/")

    assert response.status_code == 403


def test_a_service_users_does_not_trust_is_refused(client_for):
    ada = UserFactory()

    response = client_for(service="inventory").get(f"/api/internal/users/{ada.pk}/")

    assert response.status_code == 401
    assert response.json()["code"] == "AUTHENTICATION_FAILED"


def test_a_service_token_addressed_to_another_service_is_refused(api_client):
    ada = UserFactory()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {service_token('orders', audience='inventory')}")

    response = api_client.get(f"/api/internal/users/{ada.pk}/")

    assert response.status_code == 401


def test_the_service_only_endpoint_without_a_token_is_401(api_client):
    ada = UserFactory()

    response = api_client.get(f"/api/internal/users/{ada.pk}/")

    assert response.status_code == 401
