from datetime import UTC, datetime
from decimal import Decimal

import pytest

from microshop_common.events.consumer import InvalidEventData
from microshop_common.events.envelope import Event
from microshop_testing.serializers import refused_fields
from payments.api.serializers import PaymentListFilterSerializer, PaymentOutputSerializer
from payments.events.handlers import OrderIdData, OrderPlacedData, on_order_placed, on_order_rejected
from payments.models import Payment
from tests.events import order_placed

PLACED = {"order_id": 7, "user_id": 3, "items": [], "total": "25.00", "payment_method": "tok_visa"}


def test_a_payment_is_shown_without_its_card_token():
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    payment = Payment(
        id=9,
        order_id=7,
        user_id=3,
        amount=Decimal("25.00"),
        currency="usd",
        card_token="tok_visa",
        status="failed",
        failure_reason="Your card was declined.",
        created_at=moment,
        updated_at=moment,
    )

    assert PaymentOutputSerializer(payment).data == {
        "id": 9,
        "order_id": 7,
        "user_id": 3,
        "amount": "25.00",
        "currency": "usd",
        "status": "failed",
        "failure_reason": "Your card was declined.",
        "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-01-02T03:04:05Z",
    }


@pytest.mark.parametrize("order_id", ["0", "-1", "abc"])
def test_the_order_filter_must_be_a_positive_id(order_id):
    serializer = PaymentListFilterSerializer(data={"order_id": order_id})

    assert refused_fields(serializer) == {"order_id"}


def test_the_order_filter_is_optional():
    serializer = PaymentListFilterSerializer(data={})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {}


def test_an_order_placed_event_gives_the_total_as_a_decimal_and_the_card_token():
    serializer = OrderPlacedData(data=PLACED)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {
        "order_id": 7,
        "user_id": 3,
        "total": Decimal("25.00"),
        "payment_method": "tok_visa",
    }


@pytest.mark.parametrize("field", ["order_id", "user_id", "total", "payment_method"])
def test_an_order_placed_event_needs_each_field_payments_reads(field):
    data = {name: value for name, value in PLACED.items() if name != field}

    assert refused_fields(OrderPlacedData(data=data)) == {field}


@pytest.mark.parametrize("payment_method", ["4242424242424242", "tok_", "tok_" + "x" * 61, ""])
def test_an_order_placed_event_with_something_other_than_a_card_token_is_refused(payment_method):
    assert refused_fields(OrderPlacedData(data={**PLACED, "payment_method": payment_method})) == {"payment_method"}


def test_an_order_placed_event_with_a_negative_total_is_refused():
    assert refused_fields(OrderPlacedData(data={**PLACED, "total": "-1.00"})) == {"total"}


def test_the_other_events_need_an_order_id():
    assert refused_fields(OrderIdData(data={"reservation_id": 3})) == {"order_id"}


def test_a_handler_refuses_data_it_cannot_use_before_it_touches_anything():
    envelope = order_placed(7, payment_method="not-a-token")

    with pytest.raises(InvalidEventData, match="payment_method"):
        on_order_placed(Event.from_envelope(envelope))


def test_an_order_rejected_without_an_order_id_cannot_be_used():
    envelope = {**order_placed(7), "event_type": "order.rejected", "data": {"reason": "x"}}

    with pytest.raises(InvalidEventData, match="order_id"):
        on_order_rejected(Event.from_envelope(envelope))
