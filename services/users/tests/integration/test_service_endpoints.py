import pytest

from microshop_testing.endpoints import assert_alive_and_ready

pytestmark = pytest.mark.django_db


def test_health_and_readiness_answer(api_client):
    assert_alive_and_ready(api_client)


def test_the_openapi_document_is_served_with_every_users_endpoint(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert {
        "/api/users/",
        "/api/users/me/",
        "/api/users/{user_id}/",
        "/api/auth/login/",
        "/api/auth/refresh/",
        "/api/internal/users/{user_id}/",
    } <= set(response.json()["paths"])


def test_an_unknown_url_is_404_in_the_error_shape(api_client):
    response = api_client.get("/api/nothing-here/")

    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
