"""Consuming events exactly once in effect, whatever the broker redelivers."""

import logging
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from microshop_common.clients import ServiceUnavailable
from microshop_common.correlation import correlation_scope
from microshop_common.events.broker import CONSUME_TASK
from microshop_common.events.envelope import Event, InvalidEvent
from microshop_common.events.models import DeadLetter, ProcessedEvent

logger = logging.getLogger(__name__)

Handler = Callable[[Event], None]


class InvalidEventData(ValueError):
    """An envelope whose ``data`` a handler cannot use. Retrying will not fix it."""


class EventTooEarly(Exception):
    """The event answers one this service has not handled yet (``stock.reserved`` before
    ``order.placed``): events of two producers can arrive in either order, so try again later."""


# Failures a later try can fix: a neighbour or the database out of reach, an event ahead
# of the one it follows. Anything else (bad data, a bug, a constraint violation) would
# fail again, so it is dead-lettered.
RETRYABLE_ERRORS = (ServiceUnavailable, OperationalError, InterfaceError, EventTooEarly)


def event_data(serializer_class, event: Event) -> dict[str, Any]:
    """``event.data`` validated by a DRF serializer, as a handler's input."""
    serializer = serializer_class(data=event.data)
    if not serializer.is_valid():
        raise InvalidEventData(f"{event.event_type} {event.event_id}: {serializer.errors}")
    return serializer.validated_data


def consume_event(envelope: Any, handlers: Mapping[str, Handler]) -> bool:
    """Run the handler for ``envelope`` once; return False for a duplicate or an unhandled type.

    The handler runs in one transaction with the record of the event, so either both
    are saved or neither is: a retry after a failure runs the handler again, and a
    redelivery after success finds the record and does nothing.
    """
    event = Event.from_envelope(envelope)
    handler = handlers.get(event.event_type)
    if handler is None:
        logger.warning("no handler for %s %s; ignored", event.event_type, event.event_id)
        return False
    with correlation_scope(event.correlation_id), transaction.atomic():
        _, first_delivery = ProcessedEvent.objects.get_or_create(
            event_id=event.event_id, defaults={"event_type": event.event_type}
        )
        if not first_delivery:
            logger.info("duplicate %s %s ignored", event.event_type, event.event_id)
            return False
        handler(event)
        logger.info("handled %s %s", event.event_type, event.event_id)
    return True


def event_consumer_task(event_handlers: Callable[[], Mapping[str, Handler]]):
    """The Celery entry point for this service's events queue.

    ``event_handlers`` is the service's ``bootstrap.event_handlers``, asked for each
    message, so that the clients it gives the handlers are those of the settings in force.
    Retries go back to this service's own queue (through the default exchange), never
    to the topic exchange, which would hand the event to every other consumer again.
    """

    @shared_task(name=CONSUME_TASK, bind=True, acks_late=True, max_retries=None)
    def consume(self, envelope):
        try:
            consume_event(envelope, event_handlers())
        except (InvalidEvent, InvalidEventData) as exc:
            logger.error("dead-lettered a message that no retry can fix: %s", exc)
            DeadLetter.objects.create(payload=envelope, error=str(exc))
        except RETRYABLE_ERRORS as exc:
            countdown = min(2**self.request.retries, 60)
            logger.warning("retrying in %ss: %s", countdown, exc)
            raise self.retry(exc=exc, countdown=countdown, exchange="", routing_key=settings.EVENTS_QUEUE) from exc
        except Exception as exc:
            # With late acknowledgement a failed task is still acknowledged: keep the
            # message, or it would be gone with nothing but a log line.
            logger.exception("dead-lettered a message after an unexpected error")
            DeadLetter.objects.create(payload=envelope, error="".join(traceback.format_exception(exc)))

    return consume
