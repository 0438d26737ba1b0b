"""On PostgreSQL the relay hears of a committed event at once (the polling elsewhere: tests/unit)."""

import contextlib
import time

import pytest
from django.db import connection, transaction

from microshop_common.events.outbox import publish_event
from microshop_common.events.wakeup import RelayWakeUp
from tests.events import OrderPlaced

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgresql]
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's")


@pytest.fixture
def wake_up():
    wake_up = RelayWakeUp()
    wake_up.wait(0)  # listening from here on
    yield wake_up
    wake_up.close()


def seconds_waited(wake_up: RelayWakeUp, timeout: float) -> float:
    started = time.monotonic()
    wake_up.wait(timeout)
    return time.monotonic() - started


@on_postgresql
def test_a_committed_event_wakes_the_relay_long_before_its_next_poll(wake_up):
    with transaction.atomic():
        publish_event(OrderPlaced(order_id=1))

    assert seconds_waited(wake_up, timeout=10) < 1


@on_postgresql
def test_an_event_rolled_back_wakes_nobody(wake_up):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        publish_event(OrderPlaced(order_id=1))
        raise RuntimeError("the change that caused the event fails")

    assert seconds_waited(wake_up, timeout=0.5) >= 0.5


@on_postgresql
def test_events_committed_together_wake_the_relay_once(wake_up):
    for order_id in (1, 2, 3):
        with transaction.atomic():
            publish_event(OrderPlaced(order_id=order_id))

    assert seconds_waited(wake_up, timeout=10) < 1
    assert seconds_waited(wake_up, timeout=0.3) >= 0.3
