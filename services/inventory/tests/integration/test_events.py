"""Events through the real broker and a real Celery worker (not eager mode)."""

from dataclasses import dataclass

import pytest
from celery import Celery
from django.db import transaction

from inventory.events.published import StockRejected
from inventory.models import Product, Reservation
from microshop_common.events.broker import CeleryEventPublisher
from microshop_common.events.envelope import build_envelope
from microshop_common.events.models import DeadLetter, OutboxEvent, ProcessedEvent
from microshop_common.events.outbox import BrokerUnavailable, publish_event, relay_pending_events
from microshop_common.events.types import DomainEvent
from microshop_common.settings.celery import broker_transport_options
from microshop_testing.polling import wait_until
from tests.events import order_cancelled, order_placed, payment_failed
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass(frozen=True)
class OrdersOrderPlaced(DomainEvent):
    """orders' event, written to this service's outbox so that its own worker receives it back."""

    event_type = "order.placed"

    order_id: int
    user_id: int
    items: list[dict]
    total: str
    payment_method: str


def test_an_order_placed_event_reserves_stock_and_announces_it(event_worker, event_publisher):
    mug = ProductFactory(stock_quantity=5)

    event_publisher(order_placed(501, (mug.pk, 2)))

    reservation = wait_until(lambda: Reservation.objects.filter(order_id=501).first(), message="the reservation")
    assert reservation.status == Reservation.Status.RESERVED
    assert Product.objects.get(pk=mug.pk).stock_quantity == 3
    assert OutboxEvent.objects.filter(event_type="stock.reserved", envelope__data__order_id=501).count() == 1


def test_a_duplicated_delivery_changes_nothing(event_worker, event_publisher, finished_deliveries):
    mug = ProductFactory(stock_quantity=5)
    envelope = order_placed(502, (mug.pk, 2))

    event_publisher(envelope)
    event_publisher(envelope)

    wait_until(lambda: finished_deliveries(envelope) == 2, message="both copies to be consumed")
    assert Product.objects.get(pk=mug.pk).stock_quantity == 3
    assert OutboxEvent.objects.filter(event_type="stock.reserved").count() == 1
    assert not DeadLetter.objects.exists()


def test_an_order_cancelled_event_gives_the_stock_back(event_worker, event_publisher):
    mug = ProductFactory(stock_quantity=5)
    event_publisher(order_placed(504, (mug.pk, 4)))
    wait_until(lambda: Reservation.objects.filter(order_id=504).exists())

    event_publisher(order_cancelled(504))

    wait_until(lambda: Reservation.objects.filter(order_id=504, status=Reservation.Status.RELEASED).exists())
    assert Product.objects.get(pk=mug.pk).stock_quantity == 5


def test_a_payment_failed_event_gives_the_stock_back(event_worker, event_publisher):
    mug = ProductFactory(stock_quantity=5)
    event_publisher(order_placed(507, (mug.pk, 4)))
    wait_until(lambda: Reservation.objects.filter(order_id=507).exists())

    event_publisher(payment_failed(507))

    wait_until(lambda: Reservation.objects.filter(order_id=507, status=Reservation.Status.RELEASED).exists())
    assert Product.objects.get(pk=mug.pk).stock_quantity == 5


def test_payment_failed_after_order_cancelled_gives_the_stock_back_once(event_worker, event_publisher):
    mug = ProductFactory(stock_quantity=5)
    event_publisher(order_placed(508, (mug.pk, 4)))
    event_publisher(order_cancelled(508))
    late = payment_failed(508)

    event_publisher(late)

    wait_until(lambda: ProcessedEvent.objects.filter(event_id=late["event_id"]).exists())
    assert Reservation.objects.get(order_id=508).status == Reservation.Status.RELEASED
    assert Product.objects.get(pk=mug.pk).stock_quantity == 5


def test_a_message_no_retry_can_fix_is_kept_as_a_dead_letter(event_worker, event_publisher):
    broken = build_envelope("order.placed", {"order_id": "not a number", "items": []}, producer="orders")

    event_publisher(broken)

    letter = wait_until(lambda: DeadLetter.objects.first(), message="the dead letter")
    assert letter.payload["event_id"] == broken["event_id"]
    assert "order_id" in letter.error


def test_events_wait_in_the_outbox_while_the_broker_is_down_and_go_out_when_it_is_back(event_worker, event_publisher):
    mug = ProductFactory(stock_quantity=5)
    down = Celery("broker-down", set_as_current=False)
    # broker_write_url wins over CELERY_BROKER_URL from the environment; nothing listens on port 1.
    down.conf.broker_write_url = "amqp://guest:guest@127.0.0.1:1//"
    # As a service's app tries RabbitMQ: kombu's own defaults would wait 6 s before giving up.
    down.conf.broker_transport_options = broker_transport_options(down.conf.broker_write_url)
    with transaction.atomic():
        publish_event(OrdersOrderPlaced(**order_placed(505, (mug.pk, 1))["data"]))

    with pytest.raises(BrokerUnavailable):
        relay_pending_events(publish=CeleryEventPublisher(down))
    assert OutboxEvent.objects.get(event_type="order.placed").published_at is None

    assert relay_pending_events(publish=event_publisher) == 1
    wait_until(lambda: Reservation.objects.filter(order_id=505).exists(), message="the event to arrive")
    assert OutboxEvent.objects.get(event_type="order.placed").published_at is not None


def test_an_event_whose_transaction_rolls_back_is_never_published(event_publisher):
    class Boom(Exception):
        pass

    def reject_then_fail():
        with transaction.atomic():
            publish_event(StockRejected(order_id=1, reason="x", items=[]))
            raise Boom

    with pytest.raises(Boom):
        reject_then_fail()

    assert relay_pending_events(publish=event_publisher) == 0
