"""Orders' and inventory's events through the real broker and a real Celery worker (not eager
mode), the provider answered by ``responses`` through the client the worker builds."""

import pytest

from microshop_common.events.models import DeadLetter, OutboxEvent, ProcessedEvent
from microshop_testing.polling import wait_until
from payments.models import Payment
from tests.events import order_cancelled, order_placed, order_rejected, stock_reserved

pytestmark = pytest.mark.django_db(transaction=True)


def handled(envelope: dict) -> bool:
    return ProcessedEvent.objects.filter(event_id=envelope["event_id"]).exists()


def status_of(order_id: int) -> str | None:
    return Payment.objects.filter(order_id=order_id).values_list("status", flat=True).first()


def test_a_placed_order_then_its_reserved_stock_charge_the_card_and_announce_it(
    event_worker, event_publisher, provider_stub
):
    placed = order_placed(601, total="12.50")
    event_publisher(placed)
    wait_until(lambda: handled(placed), message="order.placed to be handled")

    event_publisher(stock_reserved(601))

    wait_until(lambda: status_of(601) == "succeeded", message="the payment to succeed")
    assert [charge["amount"] for charge in provider_stub.charges_for(601)] == [1250]
    [event] = OutboxEvent.objects.filter(event_type="payment.succeeded", envelope__data__order_id=601)
    assert event.envelope["data"]["amount"] == "12.50"


def test_stock_reserved_arriving_before_order_placed_is_tried_again_and_charges_once(
    event_worker, event_publisher, provider_stub
):
    # One queue, one worker: stock.reserved is handled first, finds no payment and is
    # put back to wait for a second; order.placed is handled meanwhile.
    event_publisher(stock_reserved(602))
    event_publisher(order_placed(602))

    wait_until(lambda: status_of(602) == "succeeded", timeout=20, message="the retried stock.reserved to charge")
    assert len(provider_stub.charges_for(602)) == 1
    assert not DeadLetter.objects.exists()


def test_a_provider_failing_leaves_the_payment_waiting_and_a_retry_charges_it_once_it_is_back(
    event_worker, event_publisher, provider_stub
):
    placed = order_placed(603)
    event_publisher(placed)
    wait_until(lambda: handled(placed))
    provider_stub.fails_with(503)

    reserved = stock_reserved(603)
    event_publisher(reserved)
    wait_until(lambda: len(provider_stub.requests) >= 4, message="the client's tries")
    assert status_of(603) == "awaiting_stock"
    provider_stub.recovers()

    wait_until(lambda: status_of(603) == "succeeded", timeout=20, message="the event's retry to charge")
    keys = {request.headers["Idempotency-Key"] for request in provider_stub.requests}
    assert keys == {"order-603-charge"}
    assert not OutboxEvent.objects.filter(event_type="payment.failed").exists()


def test_a_duplicated_stock_reserved_delivery_charges_once(
    event_worker, event_publisher, finished_deliveries, provider_stub
):
    placed = order_placed(604)
    event_publisher(placed)
    wait_until(lambda: handled(placed))
    envelope = stock_reserved(604)

    event_publisher(envelope)
    event_publisher(envelope)

    wait_until(lambda: finished_deliveries(envelope) == 2, message="both copies to be consumed")
    assert len(provider_stub.requests) == 1
    assert OutboxEvent.objects.filter(event_type="payment.succeeded").count() == 1
    assert not DeadLetter.objects.exists()


def test_a_cancelled_order_is_refunded_and_a_rejected_one_voided(event_worker, event_publisher, provider_stub):
    for envelope in (order_placed(606), order_placed(607), stock_reserved(606)):
        event_publisher(envelope)
    wait_until(lambda: status_of(606) == "succeeded" and status_of(607) == "awaiting_stock")

    event_publisher(order_cancelled(606))
    event_publisher(order_rejected(607))

    wait_until(lambda: (status_of(606), status_of(607)) == ("refunded", "voided"), message="refund and void")
    assert OutboxEvent.objects.filter(event_type="payment.refunded", envelope__data__order_id=606).count() == 1


def test_an_order_placed_without_a_card_token_is_kept_as_a_dead_letter(event_worker, event_publisher):
    broken = order_placed(608, payment_method="4242424242424242")

    event_publisher(broken)

    letter = wait_until(lambda: DeadLetter.objects.first(), message="the dead letter")
    assert letter.payload["event_id"] == broken["event_id"]
    assert "payment_method" in letter.error
    assert not Payment.objects.exists()
