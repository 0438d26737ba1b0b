"""Payments as a black box: its API over HTTP, its events through the real broker.

The service runs as gunicorn, a Celery worker and the outbox relay, with production
settings; the payment provider is a stub HTTP server on a free port. The test is orders
and inventory (it publishes their events and reads payment events) and a customer (it
calls the API); nothing else of the system is running.
"""

import pytest
import requests
from celery import current_app

from microshop_testing.event_tap import EventTap
from microshop_testing.polling import wait_until
from microshop_testing.tokens import customer_token
from tests.events import order_cancelled, order_placed, stock_reserved

pytestmark = pytest.mark.django_db(transaction=True)


def payment_of(payments, order_id: int, *, user_id: int = 7) -> dict | None:
    headers = {"Authorization": f"Bearer {customer_token(user_id)}"}
    response = requests.get(f"{payments.url}/api/payments/", params={"order_id": order_id}, headers=headers, timeout=10)
    results = response.json()["results"]
    return results[0] if results else None


def test_it_is_ready_with_its_database_and_broker(payments):
    response = requests.get(f"{payments.url}/health/ready/", timeout=10)

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_reserved_stock_charges_the_card_and_payment_succeeded_goes_out_under_the_order_s_correlation_id(
    payments, provider_server, event_publisher
):
    placed = order_placed(9101, total="12.50")
    with EventTap(current_app) as tap:
        event_publisher(placed)
        wait_until(lambda: payment_of(payments, 9101), message="the payment to be recorded")
        event_publisher(stock_reserved(9101, correlation_id=placed["correlation_id"]))
        succeeded = tap.wait_for("payment.succeeded", order_id=9101)

    assert succeeded["data"]["amount"] == "12.50"
    assert succeeded["correlation_id"] == placed["correlation_id"]
    assert payment_of(payments, 9101)["status"] == "succeeded"
    assert [charge["amount"] for charge in provider_server.charges_for(9101)] == [1250]


def test_a_declined_card_sends_payment_failed_with_the_provider_s_reason(payments, provider_server, event_publisher):
    with EventTap(current_app) as tap:
        event_publisher(order_placed(9102, payment_method="tok_chargeDeclined"))
        wait_until(lambda: payment_of(payments, 9102), message="the payment to be recorded")
        event_publisher(stock_reserved(9102))
        failed = tap.wait_for("payment.failed", order_id=9102)

    assert failed["data"]["reason"] == "Your card was declined."
    assert payment_of(payments, 9102)["status"] == "failed"


def test_a_provider_failing_a_few_times_is_tried_again_with_the_same_key_and_charges_once(
    payments, provider_server, event_publisher
):
    event_publisher(order_placed(9103))
    wait_until(lambda: payment_of(payments, 9103), message="the payment to be recorded")
    # More failures than the client's own retries: the event itself is tried again later.
    provider_server.fails_times(5)

    with EventTap(current_app) as tap:
        event_publisher(stock_reserved(9103))
        tap.wait_for("payment.succeeded", order_id=9103, timeout=30)

    assert {request.headers["Idempotency-Key"] for request in provider_server.requests} == {"order-9103-charge"}
    assert len(provider_server.requests) == 6
    assert len(provider_server.charges_for(9103)) == 1


def test_a_cancelled_paid_order_is_refunded_and_payment_refunded_goes_out(payments, provider_server, event_publisher):
    with EventTap(current_app) as tap:
        event_publisher(order_placed(9104))
        wait_until(lambda: payment_of(payments, 9104), message="the payment to be recorded")
        event_publisher(stock_reserved(9104))
        tap.wait_for("payment.succeeded", order_id=9104)
        event_publisher(order_cancelled(9104))
        refunded = tap.wait_for("payment.refunded", order_id=9104)

    assert refunded["data"]["amount"] == "25.00"
    assert payment_of(payments, 9104)["status"] == "refunded"
