"""Order rules with no database: statuses, lines, prices, stock as inventory reported it, and how an order is paid."""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from microshop_common.errors import Conflict, Invalid, NotFound

CENT = Decimal("0.01")


class OrderStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


# Where an order may go from each status. Rejected and cancelled are final.
ALLOWED_TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.CONFIRMED, OrderStatus.REJECTED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.CANCELLED}),
    OrderStatus.REJECTED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}

# Where the answers to an order.placed event can take it: inventory's stock.rejected, or
# payments' payment.succeeded and payment.failed once the stock is reserved.
STOCK_OR_PAYMENT_OUTCOMES = frozenset({OrderStatus.CONFIRMED, OrderStatus.REJECTED})

# A sandbox card token of the payment provider, such as "tok_visa": the only means of
# payment an order takes. Orders hands it to payments in order.placed and never logs it.
MAX_PAYMENT_METHOD_LENGTH = 64
PAYMENT_METHOD_PATTERN = r"^tok_[A-Za-z0-9_]+$"


class InvalidStatusTransition(Conflict):
    error = "Invalid status transition"
    code = "INVALID_STATUS_TRANSITION"

    def __init__(self, current: str, target: str):
        self.current = OrderStatus(current)
        self.target = OrderStatus(target)
        super().__init__(f"an order cannot go from {self.current} to {self.target}")


class UnknownProduct(NotFound):
    error = "Product not found"
    code = "PRODUCT_NOT_FOUND"

    def __init__(self, product_id: int):
        self.product_id = product_id
        super().__init__(f"Product with ID {product_id} does not exist")


@dataclass(frozen=True)
class Shortage:
    product_id: int
    product_name: str
    requested: int
    available: int

    def describe(self) -> str:
        return (
            f"insufficient inventory for product {self.product_id} ({self.product_name}): "
            f"requested {self.requested}, available {self.available}"
        )


class InsufficientInventory(Invalid):
    error = "Insufficient inventory"
    code = "INSUFFICIENT_INVENTORY"

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__("; ".join(shortage.describe() for shortage in shortages))


@dataclass(frozen=True)
class OrderLine:
    """What a customer asks for: a product and how many of it."""

    product_id: int
    quantity: int

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"quantity must be at least 1, got {self.quantity}")


@dataclass(frozen=True)
class ShippingAddress:
    street: str
    city: str
    state: str
    zip_code: str
    country: str

    def __post_init__(self) -> None:
        blank = [name for name, value in asdict(self).items() if not str(value).strip()]
        if blank:
            raise ValueError(f"a shipping address needs {', '.join(blank)}")


@dataclass(frozen=True)
class ProductInfo:
    """A product as inventory reports it right now."""

    product_id: int
    name: str
    sku: str
    price: Decimal
    stock_quantity: int


@dataclass(frozen=True)
class PricedLine:
    """A line of an order as it is saved: inventory's name, SKU and price at the time of ordering."""

    product_id: int
    product_name: str
    sku: str
    quantity: int
    unit_price: Decimal

    @property
    def line_total(self) -> Decimal:
        return money(self.unit_price * self.quantity)


def money(amount: Decimal) -> Decimal:
    """``amount`` in whole cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def can_transition(current: str, target: str) -> bool:
    return OrderStatus(target) in ALLOWED_TRANSITIONS[OrderStatus(current)]


def ensure_transition(current: str, target: str) -> OrderStatus:
    """``target`` if an order in ``current`` may move to it; :class:`InvalidStatusTransition` if not."""
    if not can_transition(current, target):
        raise InvalidStatusTransition(current, target)
    return OrderStatus(target)


def stock_or_payment_outcome_applies(current: str, outcome: str) -> bool:
    """Whether an answer to a placed order (``confirmed`` or ``rejected``) still moves an order in ``current``.

    The answers are inventory's ``stock.rejected`` and payments' ``payment.succeeded`` or
    ``payment.failed``. A pending order takes one. An order already in that status took it
    before (the answer came twice), and a cancelled order no longer needs it: inventory
    gives its stock back and payments voids or refunds its charge when they read
    ``order.cancelled``. Any other status means the services disagree, which
    :class:`InvalidStatusTransition` reports.
    """
    current, outcome = OrderStatus(current), OrderStatus(outcome)
    if outcome not in STOCK_OR_PAYMENT_OUTCOMES:
        raise ValueError(f"an answer to a placed order is confirmed or rejected, not {outcome}")
    if current in (outcome, OrderStatus.CANCELLED):
        return False
    ensure_transition(current, outcome)
    return True


def payment_failure_reason(reason: str) -> str:
    """The rejection reason of an order whose payment failed, with the reason payments gave."""
    return f"payment failed: {reason}"


def placing_fingerprint(lines: Sequence[OrderLine], shipping_address: ShippingAddress, payment_method: str) -> str:
    """What a request to place an order asks for, as the SHA-256 hex digest of a canonical JSON.

    An order keeps it with its ``Idempotency-Key``, as payment APIs do, so that the key sent
    again can be told from the same request retried (the same order back) or a different one
    (refused), without keeping the request itself. It covers the validated input only: the
    lines as ``(product_id, quantity)`` in the order sent, the address and the card token.
    A price the client sent never reaches it, so it cannot tell two requests apart.
    """
    request = {
        "items": [[line.product_id, line.quantity] for line in lines],
        "shipping_address": asdict(shipping_address),
        "payment_method": payment_method,
    }
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def merge_lines(lines: Iterable[OrderLine]) -> list[OrderLine]:
    """One line per product, in product id order: an order holds each product once."""
    totals: Counter[int] = Counter()
    for line in lines:
        totals[line.product_id] += line.quantity
    return [OrderLine(product_id, quantity) for product_id, quantity in sorted(totals.items())]


def check_availability(lines: Iterable[OrderLine], products: Mapping[int, ProductInfo]) -> None:
    """Refuse products inventory does not know, then more units than it holds right now.

    This is the check made while the customer waits. Stock can still run out before
    inventory reserves it; the reservation, made later, has the last word.
    """
    merged = merge_lines(lines)
    for line in merged:
        if line.product_id not in products:
            raise UnknownProduct(line.product_id)
    shortages = [
        Shortage(
            line.product_id, products[line.product_id].name, line.quantity, products[line.product_id].stock_quantity
        )
        for line in merged
        if products[line.product_id].stock_quantity < line.quantity
    ]
    if shortages:
        raise InsufficientInventory(shortages)


def price_lines(lines: Iterable[OrderLine], products: Mapping[int, ProductInfo]) -> list[PricedLine]:
    """The merged lines, priced by inventory. A price sent by the customer never gets this far."""
    priced = []
    for line in merge_lines(lines):
        product = products.get(line.product_id)
        if product is None:
            raise UnknownProduct(line.product_id)
        priced.append(
            PricedLine(
                product_id=line.product_id,
                product_name=product.name,
                sku=product.sku,
                quantity=line.quantity,
                unit_price=money(product.price),
            )
        )
    return priced


def order_total(lines: Iterable[PricedLine]) -> Decimal:
    return sum((line.line_total for line in lines), start=Decimal("0.00"))
