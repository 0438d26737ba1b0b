"""What payments does with the events it consumes: one service call each.

The handlers that move money take the provider client as an argument: ``bootstrap.py``
hands them the real one, tests a fake.
"""

from decimal import Decimal

from rest_framework import serializers

from microshop_common.events.consumer import event_data
from microshop_common.events.envelope import Event
from payments.clients.provider import PaymentProvider
from payments.domain import CARD_TOKEN_MAX_LENGTH, CARD_TOKEN_PATTERN
from payments.services import payment_cancel, payment_charge, payment_record, payment_void


class OrderPlacedData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)
    user_id = serializers.IntegerField(min_value=1)
    total = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"))
    payment_method = serializers.RegexField(CARD_TOKEN_PATTERN, max_length=CARD_TOKEN_MAX_LENGTH)


class OrderIdData(serializers.Serializer):
    """``stock.reserved``, ``order.rejected`` and ``order.cancelled``: payments reads the order's id only."""

    order_id = serializers.IntegerField(min_value=1)


def on_order_placed(event: Event) -> None:
    data = event_data(OrderPlacedData, event)
    payment_record(
        order_id=data["order_id"], user_id=data["user_id"], amount=data["total"], card_token=data["payment_method"]
    )


def on_stock_reserved(event: Event, *, provider: PaymentProvider) -> None:
    payment_charge(order_id=event_data(OrderIdData, event)["order_id"], provider=provider)


def on_order_rejected(event: Event) -> None:
    payment_void(order_id=event_data(OrderIdData, event)["order_id"])


def on_order_cancelled(event: Event, *, provider: PaymentProvider) -> None:
    payment_cancel(order_id=event_data(OrderIdData, event)["order_id"], provider=provider)
