"""Writes of the notifications service: record what an event tells a customer, and e-mail it."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from microshop_common.clients import ResourceNotFound
from notifications.clients.users import UsersClient
from notifications.domain import NotificationCause, UserRegistered, email_body
from notifications.models import Notification
from notifications.selectors import notification_recipient_for_user

logger = logging.getLogger(__name__)


def notification_create_for_event(*, event: NotificationCause, users: UsersClient) -> Notification:
    """Record the notification ``event`` calls for, and e-mail it once that record is committed.

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
    """E-mail a pending notification; mark it sent, or failed with the mail server's reason."""
    if notification.status != Notification.Status.PENDING:
        return notification
    try:
        send_mail(notification.subject, email_body(notification.message), None, [notification.recipient])
    except OSError as exc:
        # smtplib.SMTPException is an OSError, as are a refused connection and a timeout.
        # A mail server that fails costs this one e-mail, recorded for a person to act on,
        # not the event that caused it.
        logger.warning("notification %s could not be e-mailed: %s", notification.pk, exc, exc_info=True)
        notification.status = Notification.Status.FAILED
        notification.error = f"{exc.__class__.__name__}: {exc}"
        notification.save(update_fields=["status", "error"])
        return notification
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["status", "sent_at"])
    logger.info("notification %s e-mailed to user %s", notification.pk, notification.user_id)
    return notification


def _recipient_email(event: NotificationCause, *, users: UsersClient) -> str:
    if isinstance(event, UserRegistered):
        return event.email
    # Asking users costs a request on both sides for every order or payment event; the
    # address rarely needs it, since the welcome brought it.
    if known := notification_recipient_for_user(user_id=event.user_id):
        return known
    return users.get_user(event.user_id).email
