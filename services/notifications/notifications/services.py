"""Writes of the notifications service: record what an event tells a customer, and e-mail it,
once, however often the mail server fails before it takes the message."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from microshop_common.clients import ResourceNotFound
from notifications.clients.users import UsersClient
from notifications.domain import NotificationCause, UserRegistered, email_body, failed_send
from notifications.models import Notification
from notifications.selectors import notification_due_for_sending, notification_recipient_for_user

logger = logging.getLogger(__name__)


def notification_create_for_event(*, event: NotificationCause, users: UsersClient) -> Notification:
    """Record the notification ``event`` calls for, and e-mail it once that record is committed.

    If that send fails, or never runs (the worker stopped between the commit and the
    send), the notification stays pending, and the sweeper (``notification_send_due``)
    sends it later.

    A second call for the same event returns the first notification and sends nothing.
    The address comes from the event when it carries one (``user.registered``), else from
    an earlier notification to the same customer, else from users. If users does not
    answer, ``ServiceUnavailable`` propagates so that the caller retries later; if users
    does not know the customer, the notification is recorded as failed, because no retry
    will make them exist.
    """
    existing = Notification.objects.filter(event_id=event.event_id).first()
    if existing is not None:
        logger.info("event %s was already notified as notification %s", event.event_id, existing.pk)
        return existing

    content = event.content()
    notification = Notification(
        event_id=event.event_id,
        user_id=event.user_id,
        type=event.type,
        subject=content.subject,
        message=content.message,
    )
    try:
        notification.recipient = _recipient_email(event, users=users)
    except ResourceNotFound:
        notification.status = Notification.Status.FAILED
        notification.error = f"User {event.user_id} does not exist in users, so there is no address to write to"
        notification.save()
        logger.warning("notification %s failed: %s", notification.pk, notification.error)
        return notification

    notification.save()
    # Sent after commit: a rolled-back event (a retry will follow) must not have e-mailed
    # anyone. https://docs.djangoproject.com/en/5.2/topics/db/transactions/#performing-actions-after-commit
    transaction.on_commit(lambda: notification_send(notification=notification))
    return notification


def notification_send(*, notification: Notification) -> Notification:
    """E-mail a pending notification once, claiming it for the length of the send.

    In one transaction: lock the notification's row if it is still pending and no one else
    holds it (``SELECT ... FOR UPDATE SKIP LOCKED``), send, record the outcome, commit.
    The send after commit and the sweeper (``notification_send_due``), or two sweepers,
    may reach for the same notification at once; one gets it, the others find it locked
    or no longer pending and leave it alone. Returns the notification as sent or retried,
    or, when it was not this call's to send, as it was given.

    A send the mail server does not take leaves it pending, its attempt counted and the
    error kept, for the sweeper to try again; see ``_deliver``.

    One window is left, and nothing on the sending side can close it with SMTP: the mail
    server accepted the message, then the commit that marks it sent was lost (the process
    killed, the database gone). The notification is still pending, and the sweeper sends
    it again: that customer gets the e-mail twice. In every other case it is sent once.
    """
    with transaction.atomic():
        claimed = _claim(Notification.objects.filter(pk=notification.pk))
        if claimed is None:
            logger.info("notification %s is not pending, or is being sent by another process", notification.pk)
            return notification
        _deliver(claimed)
    return claimed


SWEEP_BATCH_SIZE = 100


@dataclass
class SweepReport:
    """What a sweep did: sent, failed again and waiting for the next try, failed for good."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed

    def __str__(self) -> str:
        return f"sent {self.sent}, failed and to be retried {self.retrying}, failed for good {self.failed}"


def notification_send_due(
    *,
    retry_after: timedelta,
    limit: int = SWEEP_BATCH_SIZE,
    keep_going: Callable[[], bool] = lambda: True,
) -> SweepReport:
    """Send, oldest first, up to ``limit`` pending notifications last attempted (or, never
    attempted, created) longer than ``retry_after`` ago.

    They are the ones the mail server did not take, and the ones whose send after commit
    never ran (the worker stopped between its commit and its send). Each is claimed, sent
    and recorded in a transaction of its own, exactly as ``notification_send`` does it, so
    two sweepers, or a sweeper and a send after commit, never send the same one together.
    The age is measured from the start of the sweep: one that fails in this sweep waits
    for a later one. ``keep_going`` is asked before each notification: a sweeper told to
    stop finishes the send it is in, and no more.
    """
    last_attempt_before = timezone.now() - retry_after
    report = SweepReport()
    while report.attempted < limit and keep_going():
        with transaction.atomic():
            claimed = _claim(notification_due_for_sending(last_attempt_before=last_attempt_before))
            if claimed is None:
                break
            _deliver(claimed)
        if claimed.status == Notification.Status.SENT:
            report.sent += 1
        elif claimed.status == Notification.Status.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report


def _claim(notifications: QuerySet[Notification]) -> Notification | None:
    """The first of ``notifications`` still pending, its row locked until the transaction ends;
    ``None`` if every one is sent, failed, or locked by another sender.

    https://docs.djangoproject.com/en/5.2/ref/models/querysets/#select-for-update (SQLite
    has no row locks and ignores it; there a transaction takes the database's write lock
    as it begins, see ``microshop_common.settings.django.databases``, so senders take turns.)
    """
    return notifications.filter(status=Notification.Status.PENDING).select_for_update(skip_locked=True).first()


def _deliver(notification: Notification) -> None:
    """Send a claimed notification and record the attempt: sent, pending for another try, or failed."""
    notification.last_attempt_at = timezone.now()
    try:
        send_mail(notification.subject, email_body(notification.message), None, [notification.recipient])
    except OSError as exc:
        # smtplib.SMTPException is an OSError, as are a refused connection and a timeout:
        # the mail server failed this once, and may take the message on a later try.
        failure = failed_send(
            attempts_before=notification.attempts, max_attempts=settings.NOTIFICATION_MAX_ATTEMPTS, error=exc
        )
        notification.attempts = failure.attempts
        notification.error = failure.error
        if failure.gives_up:
            notification.status = Notification.Status.FAILED
            logger.warning(
                "notification %s failed for good after %s attempts: %s", notification.pk, failure.attempts, exc
            )
        else:
            logger.warning(
                "notification %s could not be e-mailed (attempt %s of %s); the sweeper will retry: %s",
                notification.pk,
                failure.attempts,
                settings.NOTIFICATION_MAX_ATTEMPTS,
                exc,
            )
        notification.save(update_fields=["status", "error", "attempts", "last_attempt_at"])
        return
    notification.attempts += 1
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["status", "sent_at", "attempts", "last_attempt_at"])
    logger.info(
        "notification %s e-mailed to user %s (attempt %s)", notification.pk, notification.user_id, notification.attempts
    )


def _recipient_email(event: NotificationCause, *, users: UsersClient) -> str:
    if isinstance(event, UserRegistered):
        return event.email
    # Asking users costs a request on both sides for every order or payment event; the
    # address rarely needs it, since the welcome brought it.
    if known := notification_recipient_for_user(user_id=event.user_id):
        return known
    return users.get_user(event.user_id).email
