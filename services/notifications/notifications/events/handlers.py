"""What notifications does with the events it consumes: one service call each.

The serializers read only the fields a notification needs; anything else an event
carries (the lines of an order, say) is ignored, so producers can add fields freely.
"""

from rest_framework import serializers

from microshop_common.events.consumer import event_data
from microshop_common.events.envelope import Event
from notifications import domain
from notifications.clients.users import UsersClient
from notifications.services import notification_create_for_event


class UserRegisteredData(serializers.Serializer):
    user_id = serializers.IntegerField(min_value=1)
    username = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    first_name = serializers.CharField(allow_blank=True, required=False, default="")
    last_name = serializers.CharField(allow_blank=True, required=False, default="")


class OrderEventData(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)
    user_id = serializers.IntegerField(min_value=1)


class OrderPlacedData(OrderEventData):
    total = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class OrderConfirmedData(OrderEventData):
    total = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class OrderRejectedData(OrderEventData):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class OrderCancelledData(OrderEventData):
    pass


class PaymentFailedData(OrderEventData):
    reason = serializers.CharField(allow_blank=True)


class PaymentRefundedData(OrderEventData):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


def on_user_registered(event: Event, *, users: UsersClient) -> None:
    data = event_data(UserRegisteredData, event)
    notification_create_for_event(users=users, event=domain.UserRegistered(event_id=event.event_id, **data))


def on_order_placed(event: Event, *, users: UsersClient) -> None:
    data = event_data(OrderPlacedData, event)
    notification_create_for_event(users=users, event=domain.OrderPlaced(event_id=event.event_id, **data))


def on_order_confirmed(event: Event, *, users: UsersClient) -> None:
    data = event_data(OrderConfirmedData, event)
    notification_create_for_event(users=users, event=domain.OrderConfirmed(event_id=event.event_id, **data))


def on_order_rejected(event: Event, *, users: UsersClient) -> None:
    data = event_data(OrderRejectedData, event)
    notification_create_for_event(users=users, event=domain.OrderRejected(event_id=event.event_id, **data))


def on_order_cancelled(event: Event, *, users: UsersClient) -> None:
    data = event_data(OrderCancelledData, event)
    notification_create_for_event(users=users, event=domain.OrderCancelled(event_id=event.event_id, **data))


def on_payment_failed(event: Event, *, users: UsersClient) -> None:
    data = event_data(PaymentFailedData, event)
    notification_create_for_event(users=users, event=domain.PaymentFailed(event_id=event.event_id, **data))


def on_payment_refunded(event: Event, *, users: UsersClient) -> None:
    data = event_data(PaymentRefundedData, event)
    notification_create_for_event(users=users, event=domain.PaymentRefunded(event_id=event.event_id, **data))
