import pytest

from microshop_common.auth import IsOwnerOrStaff
from microshop_testing.endpoints import assert_alive_and_ready
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

FIELDS = {"id", "user_id", "type", "message", "channel", "status", "created_at"}


def test_a_customer_reads_their_notifications_newest_first(client_for):
    older, newer = NotificationFactory(user_id=7), NotificationFactory(user_id=7)
    NotificationFactory(user_id=8)

    body = client_for(user_id=7).get("/api/users/7/notifications/").json()

    assert body["count"] == 2
    assert [notification["id"] for notification in body["results"]] == [newer.pk, older.pk]


def test_a_notification_shows_what_was_said_and_how(client_for):
    notification = NotificationFactory(user_id=7, message="Your order #42 is confirmed. Total: 25.00")

    [shown] = client_for(user_id=7).get("/api/users/7/notifications/").json()["results"]

    assert set(shown) == FIELDS
    assert shown["message"] == "Your order #42 is confirmed. Total: 25.00"
    assert (shown["type"], shown["channel"], shown["status"]) == ("order_confirmed", "email", "sent")
    assert shown["id"] == notification.pk


def test_notifications_come_twenty_to_a_page(client_for):
    NotificationFactory.create_batch(25, user_id=7)
    client = client_for(user_id=7)

    first = client.get("/api/users/7/notifications/").json()
    second = client.get("/api/users/7/notifications/", {"page": 2}).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert (first["previous"], first["next"] is not None) == (None, True)
    assert len(second["results"]) == 5
    assert second["next"] is None


def test_a_customer_chooses_the_page_size_up_to_a_hundred(client_for):
    NotificationFactory.create_batch(101, user_id=7)
    client = client_for(user_id=7)

    assert len(client.get("/api/users/7/notifications/", {"page_size": 5}).json()["results"]) == 5
    assert len(client.get("/api/users/7/notifications/", {"page_size": 500}).json()["results"]) == 100


def test_a_customer_with_no_notifications_gets_an_empty_page(client_for):
    response = client_for(user_id=7).get("/api/users/7/notifications/")

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_staff_read_any_customers_notifications(client_for):
    notification = NotificationFactory(user_id=7)

    response = client_for(user_id=1, is_staff=True).get("/api/users/7/notifications/")

    assert response.status_code == 200
    assert [shown["id"] for shown in response.json()["results"]] == [notification.pk]


def test_another_customers_notifications_are_403_in_the_error_shape(client_for):
    NotificationFactory(user_id=7)

    response = client_for(user_id=8).get("/api/users/7/notifications/")

    assert response.status_code == 403
    assert response.json() == {
        "error": "Permission denied",
        "code": "PERMISSION_DENIED",
        "detail": IsOwnerOrStaff.message,
    }


def test_reading_notifications_without_a_token_is_401_in_the_error_shape(api_client):
    response = api_client.get("/api/users/7/notifications/")

    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"
    assert set(response.json()) == {"error", "code", "detail"}


def test_a_service_token_cannot_read_a_customers_notifications(client_for):
    NotificationFactory(user_id=7)

    # notifications trusts no caller service, so any service token is refused outright.
    response = client_for(service="users").get("/api/users/7/notifications/")

    assert response.status_code == 401
    assert response.json()["code"] == "AUTHENTICATION_FAILED"


def test_a_user_id_that_is_not_a_number_is_404_in_the_error_shape(client_for):
    response = client_for(user_id=1, is_staff=True).get("/api/users/abc/notifications/")

    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_health_and_readiness_answer(api_client):
    assert_alive_and_ready(api_client)


def test_the_openapi_document_shows_the_list_paginated(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    operation = response.json()["paths"]["/api/users/{user_id}/notifications/"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/PaginatedNotificationOutputList"}
