"""E-mail through a real SMTP server that refuses, takes mail again, and holds a send half-way.

Django's SMTP backend talks to ``smtp_server`` (microshop_testing.smtp) on 127.0.0.1: a
refusal is a real ``451`` answer, raised by smtplib as it would be by a real server.
"""

import io
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from microshop_testing.polling import wait_until
from notifications.domain import OrderConfirmed
from notifications.models import Notification
from notifications.services import notification_create_for_event, notification_send, notification_send_due
from tests.factories import NotificationFactory, UserAccountFactory
from tests.fakes import FakeUsersClient

NOW = timedelta(0)


@pytest.fixture
def mail_server(smtp_server, settings):
    """``smtp_server``, with this process's Django sending its mail there and every sweep finding
    every pending notification due."""
    for name, value in smtp_server.django_settings().items():
        setattr(settings, name, value)
    settings.NOTIFICATION_RETRY_AFTER = 0
    return smtp_server


def sweep_once() -> str:
    """``manage.py send_pending_notifications --once``; what it printed."""
    out = io.StringIO()
    call_command("send_pending_notifications", "--once", stdout=out)
    return out.getvalue()


def pending(**fields) -> Notification:
    return NotificationFactory(status=Notification.Status.PENDING, **fields)


def create_for_order(ann, django_capture_on_commit_callbacks, *, send_after_commit: bool = True) -> Notification:
    event = OrderConfirmed(event_id=uuid.uuid4(), user_id=ann.id, order_id=42, total=25)
    with django_capture_on_commit_callbacks(execute=send_after_commit):
        notification = notification_create_for_event(event=event, users=FakeUsersClient(ann))
    notification.refresh_from_db()
    return notification


@pytest.mark.django_db
def test_a_notification_the_mail_server_refuses_stays_pending_with_its_attempt_and_the_reason(
    mail_server, django_capture_on_commit_callbacks
):
    mail_server.refuse()

    notification = create_for_order(UserAccountFactory(), django_capture_on_commit_callbacks)

    assert (notification.status, notification.attempts) == ("pending", 1)
    assert notification.error.startswith("SMTPSenderRefused: (451")
    assert notification.last_attempt_at is not None
    assert notification.sent_at is None
    assert mail_server.messages == []


@pytest.mark.django_db
def test_once_the_mail_server_takes_mail_again_a_sweep_sends_the_notification_exactly_once(
    mail_server, django_capture_on_commit_callbacks
):
    ann = UserAccountFactory()
    mail_server.refuse()
    notification = create_for_order(ann, django_capture_on_commit_callbacks)
    mail_server.accept()

    printed = sweep_once()
    sweep_once()

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert notification.sent_at is not None
    [message] = mail_server.messages
    assert (message.recipients, message.subject) == ((ann.email,), "Your order #42 is confirmed")
    assert "sent 1, failed and to be retried 0, failed for good 0" in printed


@pytest.mark.django_db
def test_a_notification_is_failed_for_good_with_the_last_reason_once_its_attempts_are_spent(mail_server, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    notification = pending(attempts=1)
    mail_server.refuse()

    first = sweep_once()
    second = sweep_once()
    sweep_once()

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 3)
    assert notification.error.startswith("SMTPSenderRefused: (451")
    assert "failed and to be retried 1" in first
    assert "failed for good 1" in second
    assert mail_server.refused == 2


@pytest.mark.django_db
def test_a_notification_left_pending_by_a_send_that_never_ran_is_sent_by_the_sweep(
    mail_server, django_capture_on_commit_callbacks
):
    ann = UserAccountFactory()
    # The worker stopped after the commit, before its send after commit ran.
    notification = create_for_order(ann, django_capture_on_commit_callbacks, send_after_commit=False)
    assert (notification.status, notification.attempts, mail_server.messages) == ("pending", 0, [])

    sweep_once()

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
    assert [message.recipients for message in mail_server.messages] == [(ann.email,)]


@pytest.mark.django_db
def test_a_sweep_waits_retry_after_from_the_last_attempt_before_trying_again(mail_server):
    tried_long_ago = pending(attempts=1, last_attempt_at=timezone.now() - timedelta(seconds=60))
    tried_just_now = pending(attempts=1, last_attempt_at=timezone.now() - timedelta(seconds=10))

    report = notification_send_due(retry_after=timedelta(seconds=30))

    assert report.sent == 1
    tried_long_ago.refresh_from_db()
    tried_just_now.refresh_from_db()
    assert (tried_long_ago.status, tried_just_now.status) == ("sent", "pending")
    assert tried_just_now.attempts == 1


@pytest.mark.django_db
def test_a_sweep_sends_the_oldest_first_and_no_more_than_its_limit(mail_server):
    oldest, middle, newest = (pending(), pending(), pending())

    report = notification_send_due(retry_after=NOW, limit=2)

    assert report.attempted == 2
    assert [message.recipients for message in mail_server.messages] == [(oldest.recipient,), (middle.recipient,)]
    newest.refresh_from_db()
    assert newest.status == "pending"


@pytest.mark.django_db
def test_a_sweep_leaves_sent_and_failed_notifications_alone(mail_server):
    NotificationFactory(status=Notification.Status.SENT)
    NotificationFactory(status=Notification.Status.FAILED, recipient="")

    report = notification_send_due(retry_after=NOW)

    assert report.attempted == 0
    assert mail_server.messages == []


def in_a_connection_of_its_own(send):
    def run():
        try:
            return send()
        finally:
            connection.close()

    return run


def wait_at_most(seconds: float, condition) -> None:
    """Poll ``condition`` until it holds, or until ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.mark.needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_sender", ["a sweep", "the send after commit"])
def test_two_senders_reaching_for_one_notification_at_once_send_it_once(mail_server, first_sender):
    """The first sender is held by the mail server half-way through its send, its claim on the
    notification not yet committed, while a sweep reaches for the same notification.

    On PostgreSQL the sweep finds the row locked (``FOR UPDATE SKIP LOCKED``) and leaves it:
    without the lock it would read the notification as pending and send it a second time,
    and this test would count two messages. SQLite has no row locks: there the sweep's
    transaction waits for the database's write lock until the first sender has committed,
    then finds the notification sent. On SQLite this test proves that a second sender never
    sends what the first has sent, but not the row lock itself; run it on PostgreSQL for that.
    """
    notification = pending()
    senders = {
        "a sweep": lambda: notification_send_due(retry_after=NOW),
        "the send after commit": lambda: notification_send(notification=notification),
    }
    mail_server.hold()

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(in_a_connection_of_its_own(senders[first_sender]))
        wait_until(lambda: mail_server.held == 1, timeout=10, message="the first sender to be half-way")
        second = pool.submit(in_a_connection_of_its_own(lambda: notification_send_due(retry_after=NOW)))
        # On PostgreSQL the second sweep gives up at once (or, were the claim broken, is held
        # sending too), and two seconds leave a broken claim the time to show. On SQLite it
        # waits for the first to commit, which waits for this release: nothing can show, and
        # a moment is enough to let it reach the lock.
        seconds = 2 if connection.vendor == "postgresql" else 0.2
        wait_at_most(seconds, lambda: second.done() or mail_server.held == 2)
        mail_server.release()
        first.result(timeout=10)
        second_report = second.result(timeout=30)

    assert len(mail_server.messages) == 1
    assert second_report.attempted == 0
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
