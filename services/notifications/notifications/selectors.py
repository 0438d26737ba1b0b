from django.db.models import QuerySet

from notifications.models import Notification


def notification_list_for_user(*, user_id: int) -> QuerySet[Notification]:
    """Newest first."""
    return Notification.objects.filter(user_id=user_id).order_by("-created_at", "-id")
