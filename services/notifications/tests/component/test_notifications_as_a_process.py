"""Notifications as a black box: events in through the real broker, notifications out over
HTTP, e-mail out through Django's file backend, users answered by a real HTTP server.

The service runs as gunicorn, a Celery worker and the outbox relay, with production
settings. The test is users and orders (it publishes their events), users' internal
endpoint (a pytest-httpserver stub on a free port) and the customer reading their
notifications; nothing else of the system is running.
"""

import email
import email.policy
from email.message import EmailMessage

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

# Django's file backend ends every message with a line of 79 dashes.
MESSAGE_SEPARATOR = b"-" * 79 + b"\n"


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


def emails_to(mail_folder, address: str) -> list[EmailMessage]:
    messages = []
    for path in mail_folder.glob("*.log"):
        for raw in path.read_bytes().split(MESSAGE_SEPARATOR):
            if raw.strip():
                messages.append(email.message_from_bytes(raw, policy=email.policy.default))
    return [message for message in messages if message["To"] == address]


def test_a_registered_customer_is_welcomed_by_e_mail_without_asking_users(
    notifications, event_publisher, users_server, mail_folder
):
    ann = UserAccountFactory(first_name="Ann")

    event_publisher(user_registered(ann))

    welcome = wait_for_notification(notifications, ann.id, status="sent")
    assert welcome["type"] == "welcome"
    [message] = emails_to(mail_folder, ann.email)
    assert message["Subject"] == "Welcome to microshop"
    assert welcome["message"] in message.get_content()
    assert users_server.requests_for(ann.id) == []


def test_a_confirmed_order_is_shown_to_the_customer_and_e_mailed_to_the_address_users_gives(
    notifications, event_publisher, users_server, mail_folder
):
    ann = users_server.has(UserAccountFactory())

    event_publisher(order_event("order.confirmed", order_id=6201, user_id=ann.id))

    notification = wait_for_notification(notifications, ann.id, status="sent")
    assert (notification["type"], notification["message"]) == (
        "order_confirmed",
        "Your order #6201 is confirmed. Total: 25.00",
    )
    [message] = emails_to(mail_folder, ann.email)
    assert message["Subject"] == "Your order #6201 is confirmed"


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
    notifications, event_publisher, users_server, mail_folder
):
    ann = users_server.has(UserAccountFactory())
    users_server.fails_with(500)

    event_publisher(order_event("order.confirmed", order_id=6203, user_id=ann.id))
    wait_until(lambda: len(users_server.requests_for(ann.id)) >= 2, message="notifications to try users again")
    assert notifications_of(notifications, ann.id) == []
    users_server.recovers()

    notification = wait_for_notification(notifications, ann.id, status="sent")
    assert notification["type"] == "order_confirmed"
    assert len(emails_to(mail_folder, ann.email)) == 1


def test_an_order_of_a_customer_users_does_not_know_is_shown_as_failed_and_e_mails_nobody(
    notifications, event_publisher, users_server, mail_folder
):
    stranger = UserAccountFactory()

    event_publisher(order_event("order.confirmed", order_id=6204, user_id=stranger.id))

    notification = wait_for_notification(notifications, stranger.id, status="failed")
    assert notification["type"] == "order_confirmed"
    assert len(users_server.requests_for(stranger.id)) == 1
    assert emails_to(mail_folder, stranger.email) == []
