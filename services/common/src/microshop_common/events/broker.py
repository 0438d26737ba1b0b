"""Publishing envelopes to the topic exchange as Celery messages.

An event is sent as a call of the task :data:`CONSUME_TASK` with the envelope as its
one argument, to the events exchange with the event type as routing key. RabbitMQ
copies it into the durable queue of every service bound to that key, and each
service's worker runs its own ``CONSUME_TASK`` on it.
"""

from typing import Any

from celery import Celery
from django.conf import settings
from kombu import Exchange
from kombu.exceptions import KombuError, OperationalError

from microshop_common.events.outbox import BrokerUnavailable
from microshop_common.events.wire import CONSUME_TASK


def events_exchange() -> Exchange:
    return Exchange(settings.EVENTS_EXCHANGE, type="topic", durable=True)


class CeleryEventPublisher:
    def __init__(self, app: Celery):
        self.app = app
        self.exchange = events_exchange()

    def __call__(self, envelope: dict[str, Any]) -> None:
        try:
            self.app.send_task(
                CONSUME_TASK,
                args=[envelope],
                task_id=envelope["event_id"],
                exchange=self.exchange,
                routing_key=envelope["event_type"],
                # Declaring the exchange with its type matters on the embedded broker: an
                # undeclared topic exchange drops messages silently.
                declare=[self.exchange],
                retry=False,
            )
        except (OperationalError, KombuError, OSError) as exc:
            raise BrokerUnavailable(str(exc)) from exc


class NoEventsQueue(Exception):
    """This service consumes no events, so it has no events queue to send a message to."""


class OwnQueuePublisher:
    """Sends an envelope to this service's own events queue alone, as a replayed dead letter.

    Through the default exchange (``""``), whose routing key is a queue's name, never the
    topic exchange, which would hand the event to every other consumer again. Celery
    takes an empty exchange for "none given" and routes to the task's default queue
    instead, so the queue is named, which Celery sends through the default exchange.
    """

    def __init__(self, app: Celery):
        if not any(queue.name == settings.EVENTS_QUEUE for queue in app.conf.task_queues or ()):
            raise NoEventsQueue(f"{settings.SERVICE_NAME} consumes no events: it has no events queue")
        self.app = app

    def __call__(self, envelope: dict[str, Any]) -> None:
        try:
            self.app.send_task(CONSUME_TASK, args=[envelope], queue=settings.EVENTS_QUEUE, retry=False)
        except (OperationalError, KombuError, OSError) as exc:
            raise BrokerUnavailable(str(exc)) from exc


def declare_queues(app: Celery) -> list[str]:
    """Create this service's queues and their bindings on the broker.

    Done before any process starts, so that no event published in the first seconds
    finds a topic exchange with no queue bound to it (and is dropped).
    """
    names = []
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        events_exchange()(channel).declare()
        for queue in app.conf.task_queues:
            queue(channel).declare()
            names.append(queue.name)
    return names
