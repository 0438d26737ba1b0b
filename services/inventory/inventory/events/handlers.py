"""What inventory does with the events it consumes: one service call each."""

from rest_framework import serializers

from inventory.domain import StockLine
from inventory.services import stock_release, stock_reserve
from microshop_common.events.consumer import event_data
from microshop_common.events.envelope import Event


class _LineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1)


class OrderPlacedData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)
    items = _LineSerializer(many=True, allow_empty=False)


class OrderCancelledData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)


class PaymentFailedData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)


def on_order_placed(event: Event) -> None:
    data = event_data(OrderPlacedData, event)
    stock_reserve(order_id=data["order_id"], lines=[StockLine(**item) for item in data["items"]])


def on_order_cancelled(event: Event) -> None:
    stock_release(order_id=event_data(OrderCancelledData, event)["order_id"])


def on_payment_failed(event: Event) -> None:
    stock_release(order_id=event_data(PaymentFailedData, event)["order_id"])
