"""What orders does with the events it consumes: inventory's answer to each placed order."""

from collections.abc import Iterator
from contextlib import contextmanager

from rest_framework import serializers

from microshop_common.events.consumer import InvalidEventData, event_data
from microshop_common.events.envelope import Event
from orders.domain import InvalidStatusTransition
from orders.models import Order
from orders.services import order_confirm, order_reject


class StockReservedData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)


class StockRejectedData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(allow_blank=True)


def on_stock_reserved(event: Event) -> None:
    data = event_data(StockReservedData, event)
    with _dead_letter_if_it_does_not_apply(event):
        order_confirm(order_id=data["order_id"])


def on_stock_rejected(event: Event) -> None:
    data = event_data(StockRejectedData, event)
    with _dead_letter_if_it_does_not_apply(event):
        order_reject(order_id=data["order_id"], reason=data["reason"])


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
