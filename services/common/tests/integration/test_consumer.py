import pytest

from microshop_common.events.consumer import EventTooEarly, consume_event
from microshop_common.events.envelope import InvalidEvent, build_envelope
from microshop_common.events.models import DeadLetter, OutboxEvent, ProcessedEvent
from microshop_common.events.outbox import publish_event
from tests.events import StockReserved
from tests.tasks import TASK_HANDLERS
from tests.tasks import consume_event as consume_task

pytestmark = pytest.mark.django_db


class Recorder:
    def __init__(self, fail_with: Exception | None = None):
        self.seen = []
        self.fail_with = fail_with

    def __call__(self, event):
        self.seen.append(event.event_id)
        publish_event(StockReserved(order_id=event.data["order_id"]))
        if self.fail_with:
            raise self.fail_with


def test_an_event_is_handled_once_however_often_it_is_delivered():
    handler = Recorder()
    envelope = build_envelope("order.placed", {"order_id": 1}, producer="orders")

    assert consume_event(envelope, {"order.placed": handler}) is True
    assert consume_event(envelope, {"order.placed": handler}) is False

    assert len(handler.seen) == 1
    assert OutboxEvent.objects.filter(event_type="stock.reserved").count() == 1


def test_a_failing_handler_leaves_no_trace_so_a_retry_runs_it_again():
    envelope = build_envelope("order.placed", {"order_id": 1}, producer="orders")

    with pytest.raises(RuntimeError):
        consume_event(envelope, {"order.placed": Recorder(fail_with=RuntimeError("database hiccup"))})

    assert not ProcessedEvent.objects.exists()
    assert not OutboxEvent.objects.exists()
    assert consume_event(envelope, {"order.placed": Recorder()}) is True


def test_an_event_type_without_a_handler_is_ignored():
    envelope = build_envelope("order.cancelled", {"order_id": 1}, producer="orders")

    assert consume_event(envelope, {"order.placed": Recorder()}) is False
    assert not ProcessedEvent.objects.exists()


def test_a_malformed_envelope_is_refused_before_any_handler_runs():
    handler = Recorder()

    with pytest.raises(InvalidEvent):
        consume_event({"event_type": "order.placed"}, {"order.placed": handler})

    assert handler.seen == []


def test_the_task_keeps_a_message_whose_handler_fails_unexpectedly_as_a_dead_letter(monkeypatch):
    def broken_handler(event):
        raise KeyError("total")

    monkeypatch.setitem(TASK_HANDLERS, "order.placed", broken_handler)
    envelope = build_envelope("order.placed", {"order_id": 1}, producer="orders")

    consume_task.apply(args=[envelope])

    letter = DeadLetter.objects.get()
    assert letter.payload == envelope
    assert "KeyError: 'total'" in letter.error


def test_the_task_keeps_a_malformed_message_as_a_dead_letter():
    consume_task.apply(args=[{"event_type": "order.placed"}])

    assert "lacks" in DeadLetter.objects.get().error


def test_the_task_tries_an_event_that_came_too_early_again_instead_of_dead_lettering_it(monkeypatch):
    calls = []

    def handler_waiting_for_an_earlier_event(event):
        calls.append(event.event_id)
        if len(calls) == 1:
            raise EventTooEarly("no payment recorded yet")

    monkeypatch.setitem(TASK_HANDLERS, "order.placed", handler_waiting_for_an_earlier_event)
    envelope = build_envelope("order.placed", {"order_id": 1}, producer="orders")

    # An eager task runs its retry at once, in place of the broker's delayed redelivery.
    consume_task.apply(args=[envelope])

    assert len(calls) == 2
    assert not DeadLetter.objects.exists()
    assert ProcessedEvent.objects.filter(event_id=envelope["event_id"]).exists()
