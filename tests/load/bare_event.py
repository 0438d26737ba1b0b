"""The floor ``make bench`` puts under an event: one Celery task that does nothing.

It travels as microshop's events do: sent by a Celery producer, as a relay sends (with
RabbitMQ confirming each publish), through the system's broker, to a worker that behaves
as every service's (``microshop_common.celery.WORKER_BEHAVIOUR``: late acknowledgement,
one message at a time, one pool process), which takes an envelope the size of
``order.placed`` and does nothing with it. Whatever an event costs microshop beyond
this is microshop's own work: the outbox, the processed-event record, the handler.

The worker::

    CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// BARE_EVENT_QUEUE=bare-event \\
        celery -A bare_event worker --concurrency 1

and ``python bare_event.py 2000``, with the same variables, sends 2000 events, waits
until the worker has taken them all, and prints the CPU seconds the sending took. The
queue goes away a minute after its worker (RabbitMQ's ``x-expires``), and its exchange
with it (``auto_delete``: once no queue is bound to it).
"""

import os
import sys
import time
import uuid

from celery import Celery
from django.conf import settings
from kombu import Exchange, Queue

# Every worker closes stale database connections around each task, as Django does around
# each request (microshop_common.celery); here there is no database to close.
settings.configure()

from microshop_common.celery import WORKER_BEHAVIOUR  # noqa: E402
from microshop_common.settings.celery import broker_transport, broker_transport_options  # noqa: E402

BROKER_URL = os.environ["CELERY_BROKER_URL"]
QUEUE = os.environ["BARE_EVENT_QUEUE"]
TASK = "bare_event.nothing"

app = Celery("bare_event", broker=BROKER_URL)
app.conf.update(
    broker_transport=broker_transport(BROKER_URL),
    broker_transport_options=broker_transport_options(BROKER_URL),
    task_default_queue=QUEUE,
    task_queues=[Queue(QUEUE, Exchange(QUEUE, type="direct", auto_delete=True), routing_key=QUEUE, expires=60)],
    **WORKER_BEHAVIOUR,
)


@app.task(name=TASK)
def nothing(envelope: dict) -> None:
    """Take the event, and do nothing with it."""


def an_envelope() -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": "order.placed",
        "version": 1,
        "occurred_at": "2026-01-01T00:00:00.000000+00:00",
        "producer": "orders",
        "correlation_id": str(uuid.uuid4()),
        "data": {
            "order_id": 1,
            "user_id": 1,
            "items": [{"product_id": 1, "sku": "SKU-0001", "quantity": 1, "unit_price": "10.00"}],
            "total": "10.00",
            "payment_method": "tok_visa",
        },
    }


def send(count: int) -> float:
    """Send ``count`` events on one connection, as a relay does; the CPU seconds it took."""
    started = time.process_time()
    with app.producer_or_acquire() as producer:
        for _ in range(count):
            app.send_task(TASK, args=[an_envelope()], queue=QUEUE, producer=producer, retry=False)
    return time.process_time() - started


def wait_until_taken(*, timeout: float = 120.0) -> None:
    """Return once the queue is empty and the worker has had time to finish the last event."""
    deadline = time.monotonic() + timeout
    with app.connection_for_write() as connection:
        while connection.default_channel.queue_declare(QUEUE, passive=True).message_count:
            if time.monotonic() > deadline:
                raise SystemExit(f"bare_event: the worker did not take the events within {timeout:.0f} s")
            time.sleep(0.1)
    time.sleep(0.5)


if __name__ == "__main__":
    sending = send(int(sys.argv[1]))
    wait_until_taken()
    print(sending, flush=True)
