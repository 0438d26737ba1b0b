from decimal import Decimal

import pytest

from payments.clients.provider import ProviderUnavailable
from payments.errors import PaymentNotRecordedYet
from payments.models import Payment
from payments.services import payment_cancel, payment_charge, payment_record, payment_void
from tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def test_a_placed_order_is_recorded_as_a_payment_awaiting_stock_and_nothing_is_charged(published_events):
    payment = payment_record(order_id=41, user_id=7, amount=Decimal("12.50"), card_token="tok_visa")

    payment.refresh_from_db()
    assert (payment.order_id, payment.user_id, payment.amount) == (41, 7, Decimal("12.50"))
    assert (payment.status, payment.currency, payment.card_token) == ("awaiting_stock", "usd", "tok_visa")
    assert published_events() == []


def test_recording_the_same_order_twice_keeps_the_first_payment():
    first = payment_record(order_id=42, user_id=7, amount=Decimal("12.50"), card_token="tok_visa")

    again = payment_record(order_id=42, user_id=7, amount=Decimal("99.00"), card_token="tok_visa")

    assert again.pk == first.pk
    assert Payment.objects.get(order_id=42).amount == Decimal("12.50")


def test_an_amount_with_a_fraction_of_a_cent_is_never_recorded():
    with pytest.raises(ValueError, match="cents"):
        payment_record(order_id=43, user_id=7, amount=Decimal("1.001"), card_token="tok_visa")

    assert not Payment.objects.exists()


def test_reserved_stock_charges_the_total_and_announces_payment_succeeded(provider, published_events):
    payment = PaymentFactory(order_id=44, user_id=7, amount=Decimal("12.50"))

    payment = payment_charge(order_id=44, provider=provider)

    assert (payment.status, payment.provider_charge_id) == ("succeeded", "ch_fake1")
    assert provider.charged == [{"amount_cents": 1250, "currency": "usd", "order_id": 44, "key": "order-44-charge"}]
    [event] = published_events("payment.succeeded")
    assert event["data"] == {"order_id": 44, "user_id": 7, "payment_id": payment.pk, "amount": "12.50"}


def test_a_declined_card_fails_the_payment_and_announces_payment_failed_with_the_reason(provider, published_events):
    payment = PaymentFactory(order_id=45, user_id=7, card_token="tok_chargeDeclined")

    payment = payment_charge(order_id=45, provider=provider)

    assert (payment.status, payment.failure_reason, payment.provider_charge_id) == (
        "failed",
        "Your card was declined.",
        "",
    )
    [event] = published_events("payment.failed")
    assert event["data"] == {
        "order_id": 45,
        "user_id": 7,
        "payment_id": payment.pk,
        "amount": "25.00",
        "reason": "Your card was declined.",
    }
    assert published_events("payment.succeeded") == []


def test_a_provider_out_of_reach_changes_nothing_so_the_event_is_tried_again(provider, published_events):
    PaymentFactory(order_id=46)
    provider.goes_down()

    with pytest.raises(ProviderUnavailable):
        payment_charge(order_id=46, provider=provider)

    assert Payment.objects.get(order_id=46).status == "awaiting_stock"
    assert published_events() == []


def test_a_retry_after_an_outage_charges_with_the_same_idempotency_key(provider):
    PaymentFactory(order_id=47)
    provider.goes_down()
    with pytest.raises(ProviderUnavailable):
        payment_charge(order_id=47, provider=provider)
    provider.comes_back()

    payment_charge(order_id=47, provider=provider)

    assert [charge["key"] for charge in provider.charged] == ["order-47-charge", "order-47-charge"]
    assert Payment.objects.get(order_id=47).status == "succeeded"


def test_stock_reserved_before_the_order_is_recorded_asks_to_be_tried_again(provider):
    with pytest.raises(PaymentNotRecordedYet, match="order 48"):
        payment_charge(order_id=48, provider=provider)

    assert provider.charged == []


def test_a_payment_is_charged_once_however_often_stock_reserved_arrives(provider, published_events):
    PaymentFactory(order_id=49)

    payment_charge(order_id=49, provider=provider)
    payment_charge(order_id=49, provider=provider)

    assert len(provider.charged) == 1
    assert len(published_events("payment.succeeded")) == 1


def test_a_rejected_order_voids_its_payment_which_is_then_never_charged(provider, published_events):
    PaymentFactory(order_id=50)

    payment = payment_void(order_id=50)
    payment_charge(order_id=50, provider=provider)

    assert Payment.objects.get(pk=payment.pk).status == "voided"
    assert provider.charged == []
    assert published_events() == []


def test_a_rejection_that_follows_payments_own_failure_leaves_the_payment_failed():
    PaymentFactory(order_id=51, status="failed", failure_reason="Your card was declined.")

    assert payment_void(order_id=51).status == "failed"


def test_cancelling_a_charged_order_refunds_it_and_announces_payment_refunded(provider, published_events):
    payment = PaymentFactory(order_id=52, user_id=7, charged=True)

    payment = payment_cancel(order_id=52, provider=provider)

    assert payment.status == "refunded"
    assert provider.refunded == [{"charge_id": "ch_test123", "key": "order-52-refund"}]
    [event] = published_events("payment.refunded")
    assert event["data"] == {"order_id": 52, "user_id": 7, "payment_id": payment.pk, "amount": "25.00"}


def test_cancelling_an_order_not_charged_yet_voids_it_and_a_later_stock_reserved_charges_nothing(
    provider, published_events
):
    PaymentFactory(order_id=53)

    assert payment_cancel(order_id=53, provider=provider).status == "voided"
    assert payment_charge(order_id=53, provider=provider).status == "voided"

    assert (provider.charged, provider.refunded) == ([], [])
    assert published_events() == []


def test_a_refund_with_the_provider_out_of_reach_keeps_the_payment_charged(provider, published_events):
    PaymentFactory(order_id=54, charged=True)
    provider.goes_down()

    with pytest.raises(ProviderUnavailable):
        payment_cancel(order_id=54, provider=provider)

    assert Payment.objects.get(order_id=54).status == "succeeded"
    assert published_events() == []


@pytest.mark.parametrize(
    ("status", "fields"),
    [("failed", {"failure_reason": "declined"}), ("refunded", {"provider_charge_id": "ch_1"}), ("voided", {})],
)
def test_cancelling_a_settled_payment_changes_nothing(provider, published_events, status, fields):
    PaymentFactory(order_id=55, status=status, **fields)

    assert payment_cancel(order_id=55, provider=provider).status == status

    assert (provider.charged, provider.refunded, published_events()) == ([], [], [])


def test_cancelling_or_rejecting_before_the_order_is_recorded_asks_to_be_tried_again(provider):
    with pytest.raises(PaymentNotRecordedYet):
        payment_cancel(order_id=56, provider=provider)
    with pytest.raises(PaymentNotRecordedYet):
        payment_void(order_id=56)
