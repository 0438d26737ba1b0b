"""Stock rules with no database: what a reservation asks for and whether it fits."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class StockLine:
    product_id: int
    quantity: int

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"quantity must be at least 1, got {self.quantity}")


@dataclass(frozen=True)
class Shortage:
    product_id: int
    requested: int
    available: int | None  # None: the product does not exist

    def describe(self) -> str:
        if self.available is None:
            return f"product {self.product_id} does not exist"
        return (
            f"insufficient inventory for product {self.product_id}: "
            f"requested {self.requested}, available {self.available}"
        )


class InsufficientStock(Exception):
    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__("; ".join(shortage.describe() for shortage in shortages))


def merge_lines(lines: Iterable[StockLine]) -> list[StockLine]:
    """One line per product, in product id order: the order in which rows are locked,
    so that two reservations can never wait on each other (no deadlock)."""
    totals: Counter[int] = Counter()
    for line in lines:
        totals[line.product_id] += line.quantity
    return [StockLine(product_id, quantity) for product_id, quantity in sorted(totals.items())]
