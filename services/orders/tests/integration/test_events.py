"""The answers of inventory and payments through the real broker and a real Celery worker (not eager mode)."""

import threading

import pytest
from django.db import connections
from django.db.backends.signals import connection_created

from microshop_common.events.envelope import build_envelope
from microshop_common.events.models import DeadLetter, OutboxEvent, ProcessedEvent
from microshop_testing.polling import wait_until
from orders.models import Order
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def payment_succeeded(order: Order) -> dict:
    return build_envelope(
        "payment.succeeded",
        {"order_id": order.pk, "user_id": order.user_id, "payment_id": 1, "amount": "25.00"},
        producer="payments",
    )


def payment_failed(order: Order, reason: str = "Your card was declined.") -> dict:
    data = {"order_id": order.pk, "user_id": order.user_id, "payment_id": 1, "amount": "25.00", "reason": reason}
    return build_envelope("payment.failed", data, producer="payments")


def stock_rejected(order: Order, reason: str = "insufficient inventory for product 1") -> dict:
    return build_envelope(
        "stock.rejected",
        {"order_id": order.pk, "reason": reason, "items": [{"product_id": 1, "quantity": 2}]},
        producer="inventory",
    )


def handled(envelope: dict) -> bool:
    return ProcessedEvent.objects.filter(event_id=envelope["event_id"]).exists()


def test_payment_succeeded_confirms_the_order_and_announces_it(event_worker, event_publisher):
    order = OrderFactory()

    event_publisher(payment_succeeded(order))

    wait_until(lambda: Order.objects.get(pk=order.pk).status == "confirmed", message="the order to be confirmed")
    [event] = OutboxEvent.objects.filter(event_type="order.confirmed")
    assert event.envelope["data"] == {"order_id": order.pk, "user_id": order.user_id, "total": "25.00"}


@pytest.fixture
def connections_opened_by_the_worker():
    """The connections the worker opens meanwhile, with production's CONN_MAX_AGE.

    The test settings close every connection after use, so that the test database can
    be dropped at the end; here the worker may keep its connection, and it is closed
    when the test ends.
    """
    test_thread = threading.get_ident()
    opened = []

    def record(sender, connection, **kwargs):
        if threading.get_ident() != test_thread:
            opened.append(connection)

    database = connections.settings["default"]
    max_age = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 60
    connection_created.connect(record)
    try:
        yield opened
    finally:
        connection_created.disconnect(record)
        database["CONN_MAX_AGE"] = max_age
        for connection in opened:
            connection.inc_thread_sharing()
            connection.close()
            connection.dec_thread_sharing()


def test_the_worker_keeps_its_database_connection_from_one_event_to_the_next(
    event_worker, event_publisher, connections_opened_by_the_worker
):
    # A new PostgreSQL connection forks a server process, which costs more than the event.
    orders = [OrderFactory() for _ in range(3)]

    for order in orders:
        event_publisher(payment_succeeded(order))

    wait_until(
        lambda: Order.objects.filter(pk__in=[order.pk for order in orders], status="confirmed").count() == 3,
        message="the three orders to be confirmed",
    )
    assert len(connections_opened_by_the_worker) <= 1


def test_stock_rejected_rejects_the_order_with_inventory_s_reason(event_worker, event_publisher):
    order = OrderFactory()

    event_publisher(stock_rejected(order, reason="insufficient inventory for product 1: requested 2, available 0"))

    wait_until(lambda: Order.objects.get(pk=order.pk).status == "rejected", message="the order to be rejected")
    assert Order.objects.get(pk=order.pk).rejection_reason.startswith("insufficient inventory")
    assert OutboxEvent.objects.filter(event_type="order.rejected", envelope__data__order_id=order.pk).count() == 1


def test_payment_failed_rejects_the_order_with_payments_reason(event_worker, event_publisher):
    order = OrderFactory()

    event_publisher(payment_failed(order, reason="Your card was declined."))

    wait_until(lambda: Order.objects.get(pk=order.pk).status == "rejected", message="the order to be rejected")
    assert Order.objects.get(pk=order.pk).rejection_reason == "payment failed: Your card was declined."
    [event] = OutboxEvent.objects.filter(event_type="order.rejected", envelope__data__order_id=order.pk)
    assert event.envelope["data"]["reason"] == "payment failed: Your card was declined."


def test_a_duplicated_payment_succeeded_delivery_changes_nothing(event_worker, event_publisher, finished_deliveries):
    order = OrderFactory()
    envelope = payment_succeeded(order)

    event_publisher(envelope)
    event_publisher(envelope)

    wait_until(lambda: finished_deliveries(envelope) == 2, message="both copies to be consumed")
    assert Order.objects.get(pk=order.pk).status == "confirmed"
    assert OutboxEvent.objects.filter(event_type="order.confirmed").count() == 1
    assert not DeadLetter.objects.exists()


def test_a_duplicated_payment_failed_delivery_changes_nothing(event_worker, event_publisher, finished_deliveries):
    order = OrderFactory()
    envelope = payment_failed(order)

    event_publisher(envelope)
    event_publisher(envelope)

    wait_until(lambda: finished_deliveries(envelope) == 2, message="both copies to be consumed")
    assert Order.objects.get(pk=order.pk).status == "rejected"
    assert OutboxEvent.objects.filter(event_type="order.rejected").count() == 1
    assert not DeadLetter.objects.exists()


@pytest.mark.parametrize("outcome", [payment_succeeded, payment_failed], ids=["payment.succeeded", "payment.failed"])
def test_a_payment_outcome_for_an_order_cancelled_meanwhile_leaves_it_cancelled(event_worker, event_publisher, outcome):
    order = OrderFactory(status="cancelled")
    envelope = outcome(order)

    event_publisher(envelope)

    wait_until(lambda: handled(envelope), message="the event to be handled")
    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert not OutboxEvent.objects.exists()
    assert not DeadLetter.objects.exists()


def test_an_answer_for_an_order_orders_never_had_is_kept_as_a_dead_letter(event_worker, event_publisher):
    envelope = payment_succeeded(Order(pk=987654, user_id=7))

    event_publisher(envelope)

    letter = wait_until(lambda: DeadLetter.objects.first(), message="the dead letter")
    assert letter.payload["event_id"] == envelope["event_id"]
    assert "no order 987654" in letter.error


def test_an_answer_contradicting_the_order_s_status_is_kept_as_a_dead_letter(event_worker, event_publisher):
    order = OrderFactory(status="rejected")

    event_publisher(payment_succeeded(order))

    letter = wait_until(lambda: DeadLetter.objects.first(), message="the dead letter")
    assert "cannot go from rejected to confirmed" in letter.error
    assert Order.objects.get(pk=order.pk).status == "rejected"
