"""A real Celery worker and outbox relay for integration tests, on the real broker."""

import contextlib
from collections import Counter
from collections.abc import Iterator

from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connections
from kombu import Exchange

from microshop_common.events.broker import CeleryEventPublisher, declare_queues, events_exchange
from microshop_common.events.outbox import relay_pending_events
from microshop_testing.broker import delete_from_broker

# This run's queues take one kind of consumer at a time: the worker in this process, or
# the worker of the service started as processes (LiveService). Both at once would share
# the messages, and a test would wait in vain for an event the other one took, in those
# orders of the tests where the two meet.
_queue_consumers: Counter[str] = Counter()


@contextlib.contextmanager
def consuming_this_run_s_queues(consumer: str) -> Iterator[None]:
    """Count ``consumer`` among the consumers of this run's queues; refuse it while another kind consumes them."""
    others = sorted(other for other, count in _queue_consumers.items() if count and other != consumer)
    if others:
        raise RuntimeError(
            f"{consumer} cannot consume this run's queues while {' and '.join(others)} does: "
            "it would take events meant for the other. Stop one before starting the other."
        )
    _queue_consumers[consumer] += 1
    try:
        yield
    finally:
        _queue_consumers[consumer] -= 1


@contextlib.contextmanager
def running_worker(app: Celery) -> Iterator[None]:
    """Run this service's worker in a thread, consuming its queues from the real broker.

    Queues and the exchange are named per test run (``EVENTS_EXCHANGE``); they are
    deleted afterwards so a RabbitMQ shared with other runs is left as it was.
    """
    declare_queues(app)
    try:
        with (
            consuming_this_run_s_queues("the in-process worker"),
            start_worker(
                app,
                pool="solo",
                perform_ping_check=False,
                # The heartbeat is a timer in the worker's event loop, which sees that it should
                # stop only when it wakes. Beating every 0.2 s instead of every 2, the worker
                # stops in 0.2 s on RabbitMQ (orders' dead-letter tests: 4.5 s to 0.9 s). The
                # embedded broker's loop waits up to 2 s for messages whatever the timer does.
                without_heartbeat=False,
                heartbeat_interval=0.2,
                shutdown_timeout=10,
                queues=[queue.name for queue in app.conf.task_queues],
            ),
        ):
            yield
    finally:
        connections.close_all()
        delete_queues(app)


def relay_outbox(app: Celery) -> int:
    """Publish what the outbox holds, as the relay process does."""
    return relay_pending_events(publish=CeleryEventPublisher(app))


def delete_queues(app: Celery) -> None:
    """Delete this run's queues, the direct exchange each one is declared with, and its events exchange."""
    # app.amqp.queues, not conf.task_queues: Celery fills in each queue's exchange there. Only
    # the queues named after this run's exchange: an app that is not a service's (Celery's
    # default one) lists the broker-wide `celery` queue, which is not this run's to delete.
    queues = [queue for queue in app.amqp.queues.values() if queue.name.startswith(f"{settings.EVENTS_EXCHANGE}.")]
    names = {queue.exchange.name for queue in queues if queue.exchange} - {"", settings.EVENTS_EXCHANGE}
    exchanges = [Exchange(name) for name in sorted(names)]
    if settings.EVENTS_EXCHANGE != "microshop.events":
        exchanges.append(events_exchange())
    with app.connection_for_write() as connection:
        delete_from_broker(connection, queues=queues, exchanges=exchanges)
