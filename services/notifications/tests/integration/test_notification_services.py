"""The services called directly, with users replaced by a fake client."""

import socket
import uuid
from decimal import Decimal

import pytest

from microshop_common.clients import ServiceUnavailable
from notifications.domain import OrderConfirmed, OrderRejected, UserRegistered
from notifications.models import Notification
from notifications.services import notification_create_for_event, notification_send
from tests.factories import NotificationFactory, UserAccountFactory
from tests.fakes import FakeUsersClient

pytestmark = pytest.mark.django_db


def order_confirmed(user_id: int, order_id: int = 42) -> OrderConfirmed:
    return OrderConfirmed(event_id=uuid.uuid4(), user_id=user_id, order_id=order_id, total=Decimal("25.00"))


def test_an_order_notification_is_emailed_to_the_address_users_has(mailoutbox, django_capture_on_commit_callbacks):
    ann = UserAccountFactory()
    users = FakeUsersClient(ann)

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create_for_event(event=order_confirmed(ann.id), users=users)

    notification.refresh_from_db()
    assert (notification.status, notification.recipient, notification.type) == ("sent", ann.email, "order_confirmed")
    assert notification.sent_at is not None
    assert notification.attempts == 1
    [email] = mailoutbox
    assert email.to == [ann.email]
    assert email.subject == "Your order #42 is confirmed"
    assert email.body.startswith("Your order #42 is confirmed. Total: 25.00")


def test_a_welcome_goes_to_the_address_in_the_event_without_asking_users(
    mailoutbox, django_capture_on_commit_callbacks
):
    users = FakeUsersClient()
    event = UserRegistered(event_id=uuid.uuid4(), user_id=7, username="ann", email="ann@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        notification_create_for_event(event=event, users=users)

    assert users.requested == []
    assert Notification.objects.get(event_id=event.event_id).type == "welcome"
    assert [email.to for email in mailoutbox] == [["ann@example.com"]]


def test_a_customer_written_to_before_is_written_to_again_without_asking_users(
    mailoutbox, django_capture_on_commit_callbacks
):
    welcome = NotificationFactory(user_id=7, recipient="ann@example.com")
    users = FakeUsersClient()
    users.goes_down()

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create_for_event(event=order_confirmed(welcome.user_id), users=users)

    assert users.requested == []
    assert notification.recipient == "ann@example.com"
    assert [email.to for email in mailoutbox] == [["ann@example.com"]]


def test_a_notification_that_found_no_address_is_no_address_for_the_next(django_capture_on_commit_callbacks):
    NotificationFactory(user_id=7, recipient="", status=Notification.Status.FAILED)
    ann = UserAccountFactory(id=7)
    users = FakeUsersClient(ann)

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create_for_event(event=order_confirmed(7), users=users)

    assert users.requested == [7]
    assert notification.recipient == ann.email


def test_nothing_is_emailed_before_the_notification_is_committed(mailoutbox, django_capture_on_commit_callbacks):
    ann = UserAccountFactory()

    with django_capture_on_commit_callbacks(execute=False) as waiting_for_commit:
        notification = notification_create_for_event(event=order_confirmed(ann.id), users=FakeUsersClient(ann))

    assert len(waiting_for_commit) == 1
    assert mailoutbox == []
    assert Notification.objects.get(pk=notification.pk).status == "pending"


def test_the_same_event_twice_notifies_once_even_without_the_processed_event_log(
    mailoutbox, django_capture_on_commit_callbacks
):
    ann = UserAccountFactory()
    users = FakeUsersClient(ann)
    event = order_confirmed(ann.id)

    with django_capture_on_commit_callbacks(execute=True):
        first = notification_create_for_event(event=event, users=users)
    with django_capture_on_commit_callbacks(execute=True):
        second = notification_create_for_event(event=event, users=users)

    assert second.pk == first.pk
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_user_unknown_to_users_gets_a_failed_notification_and_no_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    users = FakeUsersClient()

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create_for_event(event=order_confirmed(user_id=9), users=users)

    notification.refresh_from_db()
    assert notification.status == "failed"
    assert notification.error == "User 9 does not exist in users, so there is no address to write to"
    assert notification.recipient == ""
    assert notification.attempts == 0
    assert mailoutbox == []


def test_when_users_is_down_nothing_is_recorded_and_the_caller_hears_it():
    users = FakeUsersClient()
    users.goes_down()

    with pytest.raises(ServiceUnavailable):
        notification_create_for_event(event=order_confirmed(user_id=7), users=users)

    assert users.requested == [7]
    assert not Notification.objects.exists()


def test_a_mail_server_that_cannot_be_reached_leaves_the_notification_pending_for_the_sweeper(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_TIMEOUT = 2
    ann = UserAccountFactory()
    event = OrderRejected(event_id=uuid.uuid4(), user_id=ann.id, order_id=43, reason="out of stock")

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create_for_event(event=event, users=FakeUsersClient(ann))

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert notification.error.startswith("ConnectionRefusedError")
    assert notification.last_attempt_at is not None
    assert notification.sent_at is None


def closed_port() -> int:
    """A port nothing listens on: one the system just handed out and took back."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_notification_that_was_already_sent_is_not_emailed_again(mailoutbox):
    notification = NotificationFactory(status=Notification.Status.SENT)

    notification_send(notification=notification)

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
