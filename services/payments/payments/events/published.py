"""The events payments publishes: the outcome of each order's charge, and its refund.

Money is a ``Decimal`` in whole cents here, and a string such as ``"12.50"`` on the wire.
No event carries the card token: consumers need the outcome, not the means.
"""

from dataclasses import dataclass
from decimal import Decimal

from microshop_common.events.types import DomainEvent


@dataclass(frozen=True)
class PaymentSucceeded(DomainEvent):
    """The order's total was charged: orders confirms the order."""

    event_type = "payment.succeeded"

    order_id: int
    user_id: int
    payment_id: int
    amount: Decimal


@dataclass(frozen=True)
class PaymentFailed(DomainEvent):
    """The charge was declined or could not be made: orders rejects the order, inventory
    gives its stock back and notifications tells the customer ``reason``."""

    event_type = "payment.failed"

    order_id: int
    user_id: int
    payment_id: int
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class PaymentRefunded(DomainEvent):
    """A charged order was cancelled and its total given back: notifications tells the customer."""

    event_type = "payment.refunded"

    order_id: int
    user_id: int
    payment_id: int
    amount: Decimal
