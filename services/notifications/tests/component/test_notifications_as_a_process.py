"""Notifications as a black box: events in through the real broker, notifications out over
HTTP, e-mail out to a real SMTP server, users answered by a real HTTP server.

The service runs as gunicorn, a Celery worker and the outbox relay, with production
settings. The test is users and orders (it publishes their events), users' internal
endpoint (a pytest-httpserver stub on a free port) and the customer reading their
notifications; nothing else of the system is running.
"""

import jwt
import pytest
import requests
from django.conf import settings

from microshop_common.keys import public_key_path
from microshop_testing.polling import wait_until
from microshop_testing.tokens import customer_token
from tests.events import order_event, user_registered
from tests.factories import UserAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)


def notifications_of(notifications, user_id: int) -> list[dict]:
    response = requests.get(
        f"{notifications.url}/api/users/{user_id}/notifications/",
        headers={"Authorization": f"Bearer {customer_token(user_id)}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["results"]


def wait_for_notification(notifications, user_id: int, *, status: str) -> dict:
    def notification_with_status():
        return next((found for found in notifications_of(notifications, user_id) if found["status"] == status), None)

    return wait_until(notification_with_status, message=f"a {status} notification for user {user_id}")


def test_a_registered_customer_is_welcomed_by_e_mail_without_asking_users(
    notifications, event_publisher, users_server, mail_server
):
    ann = UserAccountFactory(first_name="Ann")

    event_publisher(user_registered(ann))

    welcome = wait_for_notification(notifications, ann.id, status="sent")
    assert welcome["type"] == "welcome"
    [message] = mail_server.messages_to(ann.email)
    assert message.subject == "Welcome to microshop"
    assert welcome["message"] in message.body
    assert users_server.requests_for(ann.id) == []


def test_a_confirmed_order_is_shown_to_the_customer_and_e_mailed_to_the_address_users_gives(
    notifications, event_publisher, users_server, mail_server
):
    ann = users_server.has(UserAccountFactory())

    event_publisher(order_event("order.confirmed", order_id=6201, user_id=ann.id))

    notification = wait_for_notification(notifications, ann.id, status="sent")
    assert (notification["type"], notification["message"]) == (
        "order_confirmed",
        "Your order #6201 is confirmed. Total: 25.00",
    )
    [message] = mail_server.messages_to(ann.email)
    assert message.subject == "Your order #6201 is confirmed"


def test_notifications_asks_users_with_a_service_token_of_its_own(notifications, event_publisher, users_server):
    ann = users_server.has(UserAccountFactory())

    event_publisher(order_event("order.confirmed", order_id=6202, user_id=ann.id))

    wait_for_notification(notifications, ann.id, status="sent")
    [request] = users_server.requests_for(ann.id)
    scheme, token = request.headers["Authorization"].split()
    public_key = public_key_path(settings.JWT_KEYS_DIR, "notifications").read_text()
    claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="users")
    assert (scheme, claims["iss"], claims["token_type"]) == ("Bearer", "notifications", "service")


def test_while_users_fails_the_event_is_retried_and_the_customer_is_notified_once_users_recovers(
    notifications, event_publisher, users_server, mail_server
):
    ann = users_server.has(UserAccountFactory())
    users_server.fails_with(500)

    event_publisher(order_event("order.confirmed", order_id=6203, user_id=ann.id))
    wait_until(lambda: len(users_server.requests_for(ann.id)) >= 2, message="notifications to try users again")
    assert notifications_of(notifications, ann.id) == []
    users_server.recovers()

    notification = wait_for_notification(notifications, ann.id, status="sent")
    assert notification["type"] == "order_confirmed"
    assert len(mail_server.messages_to(ann.email)) == 1


def test_an_order_of_a_customer_users_does_not_know_is_shown_as_failed_and_e_mails_nobody(
    notifications, event_publisher, users_server, mail_server
):
    stranger = UserAccountFactory()

    event_publisher(order_event("order.confirmed", order_id=6204, user_id=stranger.id))

    notification = wait_for_notification(notifications, stranger.id, status="failed")
    assert notification["type"] == "order_confirmed"
    assert len(users_server.requests_for(stranger.id)) == 1
    assert mail_server.messages_to(stranger.email) == []
