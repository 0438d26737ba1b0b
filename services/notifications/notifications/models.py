from django.db import models

from notifications.domain import NotificationType


class Notification(models.Model):
    """One message to one customer, caused by one event."""

    class Channel(models.TextChoices):
        EMAIL = "email"

    class Status(models.TextChoices):
        PENDING = "pending"
        SENT = "sent"
        FAILED = "failed"

    user_id = models.BigIntegerField()
    type = models.CharField(max_length=32, choices=[(kind.value, kind.value) for kind in NotificationType])
    subject = models.CharField(max_length=200)
    message = models.TextField()
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # The event that caused it. Unique, so that a redelivered event cannot notify twice
    # even if the processed-event log were lost.
    event_id = models.UUIDField(unique=True)
    recipient = models.EmailField(blank=True)
    # Why the last attempt failed; kept once a later attempt succeeds.
    error = models.TextField(blank=True)
    # Every send tried, and when the last one was: a pending notification is tried again
    # NOTIFICATION_RETRY_AFTER seconds after its last attempt, or after its creation if
    # its send never ran (see services.notification_send_due).
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user_id", "-created_at"], name="notification_user_newest_idx"),
            # The sweeper looks for pending notifications, a few among many sent ones.
            models.Index(
                fields=["created_at", "id"], name="notification_pending_idx", condition=models.Q(status="pending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} for user {self.user_id}: {self.status}"
