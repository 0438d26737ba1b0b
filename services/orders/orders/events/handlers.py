"""What orders does with the events it consumes: inventory's refusal of a placed order, and
payments' outcome once inventory has reserved the stock."""

from collections.abc import Iterator
from contextlib import contextmanager

from rest_framework import serializers

from microshop_common.events.consumer import InvalidEventData, event_data
from microshop_common.events.envelope import Event
from orders.domain import InvalidStatusTransition, payment_failure_reason
from orders.models import Order
from orders.services import order_confirm, order_reject


class StockRejectedData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(allow_blank=True)


class PaymentSucceededData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)


class PaymentFailedData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(allow_blank=True)


def on_stock_rejected(event: Event) -> None:
    data = event_data(StockRejectedData, event)
    with _dead_letter_if_it_does_not_apply(event):
        order_reject(order_id=data["order_id"], reason=data["reason"])


def on_payment_succeeded(event: Event) -> None:
    data = event_data(PaymentSucceededData, event)
    with _dead_letter_if_it_does_not_apply(event):
        order_confirm(order_id=data["order_id"])


def on_payment_failed(event: Event) -> None:
    data = event_data(PaymentFailedData, event)
    with _dead_letter_if_it_does_not_apply(event):
        order_reject(order_id=data["order_id"], reason=payment_failure_reason(data["reason"]))


@contextmanager
def _dead_letter_if_it_does_not_apply(event: Event) -> Iterator[None]:
    """An answer for an order this service never had, or one its status cannot follow,
    will not change on a retry: keep it as a dead letter for a person to read."""
    try:
        yield
    except Order.DoesNotExist as exc:
        raise InvalidEventData(f"{event.event_type} {event.event_id}: no order {event.data['order_id']}") from exc
    except InvalidStatusTransition as exc:
        raise InvalidEventData(f"{event.event_type} {event.event_id}: {exc}") from exc
