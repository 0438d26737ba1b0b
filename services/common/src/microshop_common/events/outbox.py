"""Writing events with their cause, and relaying them to the broker after commit."""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from microshop_common.events.envelope import build_envelope
from microshop_common.events.models import OutboxEvent
from microshop_common.events.types import DomainEvent
from microshop_common.events.wakeup import announce_event

logger = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """The broker did not take the message; the outbox keeps it for the next try."""


def publish_event(event: DomainEvent) -> OutboxEvent:
    """Record ``event`` for publication once the surrounding transaction commits.

    Must run inside ``transaction.atomic()`` together with the change that caused the
    event: if that transaction rolls back, the event is never published.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            f"publish_event({type(event).__name__}) must run inside the transaction that causes the event"
        )
    envelope = build_envelope(event.event_type, event.data(), producer=settings.SERVICE_NAME, version=event.version)
    record = OutboxEvent.objects.create(event_id=envelope["event_id"], event_type=event.event_type, envelope=envelope)
    announce_event()
    return record


RELAY_BATCH_SIZE = 100


def relay_pending_events(*, publish: Callable[[dict[str, Any]], None], batch_size: int = RELAY_BATCH_SIZE) -> int:
    """Publish a batch of pending events in the order they were written; return how many went out.

    Raises :class:`BrokerUnavailable` after stamping the events that did go out, so
    nothing is published twice because a later one failed. An event whose publish was
    confirmed but whose stamp was lost (a crash in between) goes out again: delivery is
    at least once, and consumers drop the duplicate by ``event_id``.
    """
    published: list[int] = []
    failure: BrokerUnavailable | None = None
    with transaction.atomic():
        # skip_locked lets a second relay run beside this one without sending the same rows.
        pending = list(
            OutboxEvent.objects.filter(published_at__isnull=True)
            .select_for_update(skip_locked=True)
            .order_by("id")[:batch_size]
        )
        for event in pending:
            try:
                publish(event.envelope)
            except BrokerUnavailable as exc:
                OutboxEvent.objects.filter(pk=event.pk).update(attempts=event.attempts + 1)
                failure = exc
                break
            published.append(event.pk)
        OutboxEvent.objects.filter(pk__in=published).update(published_at=timezone.now())
    if failure is not None:
        raise failure
    return len(published)


def pending_event_count() -> int:
    return OutboxEvent.objects.filter(published_at__isnull=True).count()
