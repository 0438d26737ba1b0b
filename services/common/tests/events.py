"""Events for the library's tests, shaped like the ones the services publish."""

from dataclasses import dataclass

from microshop_common.events.types import DomainEvent


@dataclass(frozen=True)
class OrderPlaced(DomainEvent):
    event_type = "order.placed"

    order_id: int


@dataclass(frozen=True)
class StockReserved(DomainEvent):
    event_type = "stock.reserved"

    order_id: int
