from django.db import models


class OutboxEvent(models.Model):
    """An event waiting to be published, written in the transaction that caused it.

    The relay (``manage.py relay_outbox``) publishes rows with no ``published_at`` and
    stamps them. A row exists only if its transaction committed, so an event goes out
    if and only if its cause happened, even when the broker was down at the time.
    """

    event_id = models.UUIDField(unique=True)
    event_type = models.CharField(max_length=64)
    envelope = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(published_at__isnull=True), name="outbox_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class ProcessedEvent(models.Model):
    """An event this service has handled: a second delivery of it changes nothing."""

    event_id = models.UUIDField(primary_key=True)
    event_type = models.CharField(max_length=64)
    processed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class DeadLetter(models.Model):
    """A message no retry can fix (not an envelope, bad data): kept for a person to read.

    ``manage.py dead_letters`` lists them, shows one, and replays one to this service's
    events queue, as it was or corrected, which stamps ``replayed_at``.
    """

    payload = models.JSONField()
    error = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)
    replayed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"dead letter {self.pk}: {self.error[:60]}"
