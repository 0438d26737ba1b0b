"""Payment rules with no database: statuses and their moves, money in cents, card tokens."""

import re
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

from microshop_common.errors import Conflict

CURRENCY = "usd"
CENTS_PER_UNIT = 100
# A sandbox card token, such as tok_visa: the only thing about a card this system ever holds.
CARD_TOKEN_MAX_LENGTH = 64
CARD_TOKEN_PATTERN = re.compile(rf"tok_[A-Za-z0-9_]{{1,{CARD_TOKEN_MAX_LENGTH - 4}}}")


class PaymentStatus(StrEnum):
    AWAITING_STOCK = "awaiting_stock"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"
    VOIDED = "voided"


# Where a payment may go from each status. A payment waits for inventory's reservation,
# then is charged (succeeded), declined (failed) or voided (the order ended before any
# charge); only a charged payment can be refunded. Failed, refunded and voided are final.
ALLOWED_TRANSITIONS: Mapping[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.AWAITING_STOCK: frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.VOIDED}),
    PaymentStatus.SUCCEEDED: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.FAILED: frozenset(),
    PaymentStatus.REFUNDED: frozenset(),
    PaymentStatus.VOIDED: frozenset(),
}

# The statuses in which the provider holds a charge for the payment.
CHARGED = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED})


class InvalidStatusTransition(Conflict):
    error = "Invalid status transition"
    code = "INVALID_STATUS_TRANSITION"

    def __init__(self, current: str, target: str):
        self.current = PaymentStatus(current)
        self.target = PaymentStatus(target)
        super().__init__(f"a payment cannot go from {self.current} to {self.target}")


def can_transition(current: str, target: str) -> bool:
    return PaymentStatus(target) in ALLOWED_TRANSITIONS[PaymentStatus(current)]


def ensure_transition(current: str, target: str) -> PaymentStatus:
    """``target`` if a payment in ``current`` may move to it; :class:`InvalidStatusTransition` if not."""
    if not can_transition(current, target):
        raise InvalidStatusTransition(current, target)
    return PaymentStatus(target)


def to_cents(amount: Decimal) -> int:
    """``Decimal("12.50")`` as ``1250``: the provider counts in the currency's smallest unit.

    An amount with a fraction of a cent is refused rather than rounded: it would charge
    something other than the order's total.
    """
    cents = amount * CENTS_PER_UNIT
    if not cents.is_finite() or cents != cents.to_integral_value():
        raise ValueError(f"an amount is a whole number of cents, not {amount}")
    if cents < 0:
        raise ValueError(f"an amount cannot be negative, got {amount}")
    return int(cents)


def is_card_token(value: str) -> bool:
    """Whether ``value`` has the form of a sandbox card token: ``tok_`` and letters, digits or ``_``."""
    return bool(CARD_TOKEN_PATTERN.fullmatch(value))


def charge_idempotency_key(order_id: int) -> str:
    """The provider's Idempotency-Key for an order's charge: the same on every retry and
    redelivery, so the provider charges an order once however often it is asked."""
    return f"order-{order_id}-charge"


def refund_idempotency_key(order_id: int) -> str:
    return f"order-{order_id}-refund"
