"""The events inventory publishes: its answer to each ``order.placed``, with the fields orders' pact names."""

from dataclasses import dataclass

from microshop_common.events.types import DomainEvent


@dataclass(frozen=True)
class ReservedItem:
    product_id: int
    quantity: int


@dataclass(frozen=True)
class StockReserved(DomainEvent):
    """Every line of the order is held for it."""

    event_type = "stock.reserved"

    order_id: int
    reservation_id: int
    items: list[ReservedItem]


@dataclass(frozen=True)
class StockRejected(DomainEvent):
    """No line is held: ``reason`` names each product that fell short."""

    event_type = "stock.rejected"

    order_id: int
    reason: str
    items: list[ReservedItem]
