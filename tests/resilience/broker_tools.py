"""Working on the system's events at the broker, beside its services: copying them, and sending bad ones."""

import contextlib
import threading
import uuid
from datetime import UTC, datetime

from celery import Celery
from kombu import Connection, Consumer, Exchange, Producer, Queue

from microshop_common.events.wire import CONSUME_TASK

COPY_HEADER = "x-microshop-copy"


class EveryEventTwice:
    """A queue bound to every event of the system; each event that reaches it is published again.

    Every consumer's queue then gets each event twice, the copy a moment after the
    original, as a broker that redelivers does. The copies carry a header so that they
    are not copied in turn.
    """

    def __init__(self, broker_url: str, exchange: str):
        self.broker_url = broker_url
        self.exchange = Exchange(exchange, type="topic", durable=True)
        self.queue = Queue(
            f"{exchange}.every-event-twice-{uuid.uuid4().hex[:6]}", self.exchange, routing_key="#", auto_delete=True
        )
        self.copies = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._copy, daemon=True)
        self._declared = threading.Event()

    def __enter__(self) -> "EveryEventTwice":
        self._thread.start()
        if not self._declared.wait(timeout=10):
            raise RuntimeError("could not bind the copying queue")
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    def _copy(self) -> None:
        with Connection(self.broker_url) as connection:
            producer = Producer(connection.channel(), exchange=self.exchange)

            def publish_again(body, message) -> None:
                if not message.headers.get(COPY_HEADER):
                    producer.publish(
                        message.body,
                        routing_key=message.delivery_info["routing_key"],
                        headers={**message.headers, COPY_HEADER: 1},
                        content_type=message.content_type,
                        content_encoding=message.content_encoding,
                        correlation_id=message.properties.get("correlation_id"),
                        delivery_mode=2,
                    )
                    self.copies += 1
                message.ack()

            channel = connection.channel()
            with Consumer(channel, queues=[self.queue], callbacks=[publish_again], accept=["json"]):
                self._declared.set()
                while not self._stopping.is_set():
                    with contextlib.suppress(TimeoutError):
                        connection.drain_events(timeout=0.5)
            with contextlib.suppress(Exception):
                self.queue(connection.channel()).delete()


def publish_event(broker_url: str, exchange: str, event_type: str, data: dict) -> dict:
    """Publish an event as a producer would, through the system's exchange; return its envelope."""
    envelope = {
        "event_id": str(uuid.uuid4()),
        "event_type": event_type,
        "version": 1,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": "resilience-tests",
        "correlation_id": str(uuid.uuid4()),
        "data": data,
    }
    topic = Exchange(exchange, type="topic", durable=True)
    app = Celery("resilience-tests", broker=broker_url)
    app.send_task(
        CONSUME_TASK,
        args=[envelope],
        task_id=envelope["event_id"],
        exchange=topic,
        routing_key=event_type,
        declare=[topic],
    )
    app.close()
    return envelope
