from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from notifications.models import Notification


def notification_list_for_user(*, user_id: int) -> QuerySet[Notification]:
    """Newest first."""
    return Notification.objects.filter(user_id=user_id).order_by("-created_at", "-id")


def notification_recipient_for_user(*, user_id: int) -> str | None:
    """The address this service last wrote to for ``user_id``, if it has written to them.

    Users sends the address with ``user.registered`` and lets no one change it later
    (``PATCH /api/users/{id}/`` takes names and profile fields only), so the address of
    the welcome notification serves every notification after it.
    """
    return (
        Notification.objects.filter(user_id=user_id)
        .exclude(recipient="")
        .order_by("-created_at", "-id")
        .values_list("recipient", flat=True)
        .first()
    )


def notification_due_for_sending(*, last_attempt_before: datetime) -> QuerySet[Notification]:
    """Pending notifications last attempted before ``last_attempt_before``, oldest first.

    One that was never attempted counts from its creation: its send after commit never
    ran, or never finished.
    """
    return (
        Notification.objects.filter(status=Notification.Status.PENDING)
        .alias(last_tried_at=Coalesce("last_attempt_at", "created_at"))
        .filter(last_tried_at__lt=last_attempt_before)
        .order_by("created_at", "id")
    )
