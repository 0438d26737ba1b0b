"""The events orders publishes, with the fields its consumers' pacts name.

Money is a ``Decimal`` in whole cents here, and a string such as ``"12.50"`` on the wire.
"""

from dataclasses import dataclass
from decimal import Decimal

from microshop_common.events.types import DomainEvent


@dataclass(frozen=True)
class PlacedItem:
    product_id: int
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class OrderPlaced(DomainEvent):
    """Inventory reserves stock for it; payments charges ``total`` to ``payment_method`` once
    the stock is reserved; notifications tells the customer."""

    event_type = "order.placed"

    order_id: int
    user_id: int
    items: list[PlacedItem]
    total: Decimal
    payment_method: str


@dataclass(frozen=True)
class OrderConfirmed(DomainEvent):
    event_type = "order.confirmed"

    order_id: int
    user_id: int
    total: Decimal


@dataclass(frozen=True)
class OrderRejected(DomainEvent):
    event_type = "order.rejected"

    order_id: int
    user_id: int
    reason: str


@dataclass(frozen=True)
class OrderCancelled(DomainEvent):
    """Inventory gives back the stock it holds for the order; payments refunds or voids its charge."""

    event_type = "order.cancelled"

    order_id: int
    user_id: int
