"""Events through the real broker and a real Celery worker (not eager mode), users stubbed over HTTP.

The worker runs in a thread of this process, so the e-mails it sends land in the same
locmem ``mailoutbox`` the test reads.
"""

import pytest

from microshop_common.events.envelope import build_envelope
from microshop_common.events.models import DeadLetter, ProcessedEvent
from microshop_testing.polling import wait_until
from notifications.models import Notification
from tests.events import order_event, payment_event
from tests.factories import UserAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)


def notification_for(envelope: dict, status: str = "sent") -> Notification | None:
    return Notification.objects.filter(event_id=envelope["event_id"], status=status).first()


def emails_to(mailoutbox, address: str) -> list:
    return [email for email in mailoutbox if email.to == [address]]


@pytest.mark.parametrize("event_type", ["order.placed", "order.confirmed", "order.rejected", "order.cancelled"])
def test_an_order_event_becomes_a_notification_of_its_own_type_and_an_email(
    event_type, event_worker, event_publisher, users_stub, mailoutbox
):
    ann = users_stub.has(UserAccountFactory())
    envelope = order_event(event_type, order_id=4242, user_id=ann.id)

    event_publisher(envelope)

    notification = wait_until(lambda: notification_for(envelope), message="the notification to be sent")
    assert notification.type == event_type.replace(".", "_")
    assert "order" in notification.type
    assert "4242" in notification.message
    assert (notification.user_id, notification.channel, notification.recipient) == (ann.id, "email", ann.email)
    [email] = emails_to(mailoutbox, ann.email)
    assert "#4242" in email.subject
    assert notification.message in email.body


@pytest.mark.parametrize(
    ("event_type", "told"),
    [("payment.failed", "Reason: Your card was declined."), ("payment.refunded", "We refunded 25.00")],
)
def test_a_payment_event_becomes_a_notification_of_its_own_type_and_an_email(
    event_type, told, event_worker, event_publisher, users_stub, mailoutbox
):
    ann = users_stub.has(UserAccountFactory())
    envelope = payment_event(event_type, order_id=4250, user_id=ann.id)

    event_publisher(envelope)

    notification = wait_until(lambda: notification_for(envelope), message="the notification to be sent")
    assert notification.type == event_type.replace(".", "_")
    assert "#4250" in notification.message
    assert told in notification.message
    assert (notification.user_id, notification.channel, notification.recipient) == (ann.id, "email", ann.email)
    [email] = emails_to(mailoutbox, ann.email)
    assert "#4250" in email.subject
    assert notification.message in email.body


def test_a_registered_user_is_welcomed_without_asking_users(event_worker, event_publisher, users_stub, mailoutbox):
    data = {"user_id": 77, "username": "ann", "email": "ann.welcome@example.com", "first_name": "Ann", "last_name": ""}
    envelope = build_envelope("user.registered", data, producer="users")

    event_publisher(envelope)

    notification = wait_until(lambda: notification_for(envelope), message="the welcome to be sent")
    assert (notification.type, notification.user_id) == ("welcome", 77)
    assert [email.subject for email in emails_to(mailoutbox, "ann.welcome@example.com")] == ["Welcome to microshop"]
    assert users_stub.requests == []


def test_a_duplicated_delivery_notifies_once(
    event_worker, event_publisher, finished_deliveries, users_stub, mailoutbox
):
    ann = users_stub.has(UserAccountFactory())
    envelope = order_event("order.confirmed", order_id=4243, user_id=ann.id)

    event_publisher(envelope)
    event_publisher(envelope)

    wait_until(lambda: finished_deliveries(envelope) == 2, message="both copies to be consumed")
    assert Notification.objects.filter(event_id=envelope["event_id"]).count() == 1
    assert not DeadLetter.objects.exists()
    assert len([email for email in emails_to(mailoutbox, ann.email) if "#4243" in email.subject]) == 1


def test_an_event_is_retried_while_users_is_down_and_notifies_once_it_is_back(
    event_worker, event_publisher, users_stub, mailoutbox
):
    ann = users_stub.has(UserAccountFactory())
    users_stub.goes_down()
    envelope = order_event("order.confirmed", order_id=4245, user_id=ann.id)

    event_publisher(envelope)
    wait_until(lambda: len(users_stub.requests) >= 1, message="a first call to users")
    assert not Notification.objects.filter(event_id=envelope["event_id"]).exists()
    users_stub.comes_back()

    notification = wait_until(lambda: notification_for(envelope), message="the retried event to notify")
    assert len(users_stub.requests) >= 2
    assert len(emails_to(mailoutbox, ann.email)) == 1
    assert notification.message == "Your order #4245 is confirmed. Total: 25.00"


def test_an_order_of_a_user_users_does_not_know_fails_once_without_retrying(
    event_worker, event_publisher, users_stub, mailoutbox
):
    envelope = order_event("order.confirmed", order_id=4246, user_id=999999)

    event_publisher(envelope)

    notification = wait_until(lambda: notification_for(envelope, status="failed"), message="the failed notification")
    assert "User 999999 does not exist" in notification.error
    assert ProcessedEvent.objects.filter(event_id=envelope["event_id"]).exists()
    assert len(users_stub.requests) == 1
    assert mailoutbox == []


def test_an_event_with_invalid_data_is_kept_as_a_dead_letter(event_worker, event_publisher, users_stub):
    broken = build_envelope("order.confirmed", {"order_id": "not a number", "user_id": 7}, producer="orders")

    event_publisher(broken)

    letter = wait_until(lambda: DeadLetter.objects.first(), message="the dead letter")
    assert letter.payload["event_id"] == broken["event_id"]
    assert "order_id" in letter.error
    assert not Notification.objects.exists()
    assert users_stub.requests == []
