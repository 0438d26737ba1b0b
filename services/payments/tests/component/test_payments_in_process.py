"""Payments as a black box, in this process: its API through DRF's test client, the events
it consumes fed through its real handlers, the events it publishes read from its outbox,
and the provider answered by ``responses`` through the real client.

Nothing else of the system runs: the test plays the customer, staff, orders (which
publishes ``order.*``) and inventory (which publishes ``stock.reserved``).
"""

import pytest

from microshop_common.events.consumer import consume_event
from payments.bootstrap import event_handlers
from tests.events import order_cancelled, order_placed, order_rejected, stock_reserved

pytestmark = pytest.mark.django_db


def payment_of(client, order_id: int) -> dict:
    [payment] = client.get("/api/payments/", {"order_id": order_id}).json()["results"]
    return payment


def test_a_placed_order_with_reserved_stock_is_charged_and_the_customer_sees_it_paid(
    client_for, provider_stub, published_events
):
    consume_event(order_placed(7201, total="12.50", user_id=7), event_handlers())
    consume_event(stock_reserved(7201), event_handlers())

    [succeeded] = published_events("payment.succeeded")
    payment = payment_of(client_for(user_id=7), 7201)
    assert succeeded["producer"] == "payments"
    assert succeeded["data"] == {"order_id": 7201, "user_id": 7, "payment_id": payment["id"], "amount": "12.50"}
    assert (payment["status"], payment["amount"]) == ("succeeded", "12.50")
    assert [charge["amount"] for charge in provider_stub.charges_for(7201)] == [1250]


def test_a_declined_card_is_announced_as_payment_failed_and_shown_with_its_reason(
    client_for, provider_stub, published_events
):
    consume_event(order_placed(7202, payment_method="tok_chargeDeclined", user_id=7), event_handlers())
    consume_event(stock_reserved(7202), event_handlers())

    [failed] = published_events("payment.failed")
    payment = payment_of(client_for(user_id=7), 7202)
    assert failed["data"]["reason"] == "Your card was declined."
    assert (payment["status"], payment["failure_reason"]) == ("failed", "Your card was declined.")
    assert published_events("payment.succeeded") == []


def test_a_cancelled_paid_order_is_refunded_and_announced(client_for, provider_stub, published_events):
    for envelope in (order_placed(7203, user_id=7), stock_reserved(7203), order_cancelled(7203)):
        consume_event(envelope, event_handlers())

    [refunded] = published_events("payment.refunded")
    assert refunded["data"]["order_id"] == 7203
    assert payment_of(client_for(user_id=7), 7203)["status"] == "refunded"
    assert [request.url for request in provider_stub.requests][-1].endswith("/v1/refunds")


def test_an_order_rejected_for_lack_of_stock_is_voided_and_never_charged(client_for, provider_stub, published_events):
    consume_event(order_placed(7204, user_id=7), event_handlers())
    consume_event(order_rejected(7204), event_handlers())

    assert payment_of(client_for(user_id=7), 7204)["status"] == "voided"
    assert provider_stub.requests == []
    assert published_events() == []


def test_a_customer_sees_only_their_own_payments_and_staff_see_everyone_s(client_for, provider_stub):
    consume_event(order_placed(7205, user_id=7), event_handlers())
    consume_event(order_placed(7206, user_id=8), event_handlers())

    mine = client_for(user_id=7).get("/api/payments/").json()["results"]
    everyone = client_for(user_id=1, is_staff=True).get("/api/payments/").json()["results"]
    other = client_for(user_id=7).get(f"/api/payments/{everyone[0]['id']}/")

    assert [payment["order_id"] for payment in mine] == [7205]
    assert {payment["order_id"] for payment in everyone} == {7205, 7206}
    assert other.status_code == 404
