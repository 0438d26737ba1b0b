import signal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction

from microshop_common.events.models import OutboxEvent
from microshop_common.events.outbox import BrokerUnavailable, publish_event, relay_pending_events
from tests.events import OrderPlaced

pytestmark = pytest.mark.django_db


def record(order_ids: list[int]) -> None:
    with transaction.atomic():
        for order_id in order_ids:
            publish_event(OrderPlaced(order_id=order_id))


@pytest.mark.django_db(transaction=True)
def test_an_event_cannot_be_recorded_outside_the_transaction_that_causes_it():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        publish_event(OrderPlaced(order_id=1))

    assert not OutboxEvent.objects.exists()


def test_the_relay_publishes_pending_events_in_the_order_they_were_written():
    record([1, 2, 3])
    sent = []

    assert relay_pending_events(publish=sent.append) == 3

    assert [envelope["data"]["order_id"] for envelope in sent] == [1, 2, 3]
    assert not OutboxEvent.objects.filter(published_at__isnull=True).exists()


def test_a_published_event_is_not_published_again():
    record([1])
    sent = []

    relay_pending_events(publish=sent.append)
    relay_pending_events(publish=sent.append)

    assert len(sent) == 1


def test_when_the_broker_fails_the_events_before_stay_sent_and_the_rest_wait():
    record([1, 2, 3])
    sent = []

    def publish(envelope):
        if envelope["data"]["order_id"] == 2:
            raise BrokerUnavailable("connection refused")
        sent.append(envelope)

    with pytest.raises(BrokerUnavailable):
        relay_pending_events(publish=publish)

    pending = OutboxEvent.objects.filter(published_at__isnull=True).order_by("id")
    assert [event.envelope["data"]["order_id"] for event in pending] == [2, 3]
    assert pending[0].attempts == 1
    assert relay_pending_events(publish=sent.append) == 2
    assert [envelope["data"]["order_id"] for envelope in sent] == [1, 2, 3]


def test_a_batch_is_bounded():
    record(list(range(5)))

    assert relay_pending_events(publish=lambda envelope: None, batch_size=2) == 2
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 3


# Outside a test transaction, so that closing the connection really closes it.
@pytest.mark.django_db(transaction=True)
def test_the_relay_outlives_its_database_going_away_and_reconnects(monkeypatch):
    record([1])
    relay_module = "microshop_common.events.management.commands.relay_outbox"

    def database_gone(*, publish):
        connection.ensure_connection()
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(f"{relay_module}.relay_pending_events", database_gone)
    errors = StringIO()
    call_command("relay_outbox", "--once", stderr=errors)

    assert "database unavailable (server closed the connection unexpectedly)" in errors.getvalue()
    assert connection.connection is None, "the broken connection is dropped, so the next try makes a new one"
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 1


def test_the_relay_run_in_its_callers_process_gives_back_the_signal_handlers_it_took():
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    before = {sig: signal.getsignal(sig) for sig in stop_signals}

    call_command("relay_outbox", "--once", stdout=StringIO())

    assert {sig: signal.getsignal(sig) for sig in stop_signals} == before
