"""What each event tells the customer, as plain text: no database, no e-mail, no I/O.

Each cause below is one consumed event, reduced to the facts its notification needs.
``content()`` words the notification; the services record and send it.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

SIGNATURE = "The microshop team"


class NotificationType(StrEnum):
    WELCOME = "welcome"
    ORDER_PLACED = "order_placed"
    ORDER_CONFIRMED = "order_confirmed"
    ORDER_REJECTED = "order_rejected"
    ORDER_CANCELLED = "order_cancelled"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_REFUNDED = "payment_refunded"


@dataclass(frozen=True)
class Content:
    subject: str
    message: str


@dataclass(frozen=True)
class UserRegistered:
    type: ClassVar[NotificationType] = NotificationType.WELCOME

    event_id: uuid.UUID
    user_id: int
    username: str
    email: str
    first_name: str = ""
    last_name: str = ""

    def content(self) -> Content:
        name = self.first_name or self.username
        return Content(
            subject="Welcome to microshop",
            message=f"Welcome to microshop, {name}! Your account {self.username} is ready.",
        )


@dataclass(frozen=True)
class OrderEvent:
    """What every event about an order, from orders or payments, tells a notification:
    which event, whose order, which order."""

    event_id: uuid.UUID
    user_id: int
    order_id: int


@dataclass(frozen=True)
class OrderPlaced(OrderEvent):
    type: ClassVar[NotificationType] = NotificationType.ORDER_PLACED

    total: Decimal

    def content(self) -> Content:
        return Content(
            subject=f"We received your order #{self.order_id}",
            message=(
                f"We received your order #{self.order_id}. Total: {format_amount(self.total)}. "
                "We will write again once it is confirmed."
            ),
        )


@dataclass(frozen=True)
class OrderConfirmed(OrderEvent):
    type: ClassVar[NotificationType] = NotificationType.ORDER_CONFIRMED

    total: Decimal

    def content(self) -> Content:
        return Content(
            subject=f"Your order #{self.order_id} is confirmed",
            message=f"Your order #{self.order_id} is confirmed. Total: {format_amount(self.total)}",
        )


@dataclass(frozen=True)
class OrderRejected(OrderEvent):
    type: ClassVar[NotificationType] = NotificationType.ORDER_REJECTED

    reason: str = ""

    def content(self) -> Content:
        because = f" Reason: {self.reason}" if self.reason else ""
        return Content(
            subject=f"Your order #{self.order_id} could not be accepted",
            message=f"Sorry, your order #{self.order_id} was rejected.{because}",
        )


@dataclass(frozen=True)
class OrderCancelled(OrderEvent):
    type: ClassVar[NotificationType] = NotificationType.ORDER_CANCELLED

    def content(self) -> Content:
        return Content(
            subject=f"Your order #{self.order_id} is cancelled",
            message=f"Your order #{self.order_id} is cancelled.",
        )


@dataclass(frozen=True)
class PaymentFailed(OrderEvent):
    type: ClassVar[NotificationType] = NotificationType.PAYMENT_FAILED

    reason: str

    def content(self) -> Content:
        because = f" Reason: {self.reason}" if self.reason else ""
        return Content(
            subject=f"The payment for your order #{self.order_id} failed",
            message=f"Sorry, we could not take the payment for your order #{self.order_id}.{because}",
        )


@dataclass(frozen=True)
class PaymentRefunded(OrderEvent):
    type: ClassVar[NotificationType] = NotificationType.PAYMENT_REFUNDED

    amount: Decimal

    def content(self) -> Content:
        return Content(
            subject=f"Your order #{self.order_id} is refunded",
            message=f"We refunded {format_amount(self.amount)} for your cancelled order #{self.order_id}.",
        )


NotificationCause = (
    UserRegistered | OrderPlaced | OrderConfirmed | OrderRejected | OrderCancelled | PaymentFailed | PaymentRefunded
)


@dataclass(frozen=True)
class FailedSend:
    """A send the mail server did not take, counted: how many attempts so far, why it failed, and
    whether that was the last one allowed."""

    attempts: int
    error: str
    gives_up: bool


def failed_send(*, attempts_before: int, max_attempts: int, error: BaseException) -> FailedSend:
    """The next attempt of a notification tried ``attempts_before`` times already, failed with ``error``.

    It is given up once ``max_attempts`` attempts have failed; until then it waits for the
    next try. The error is kept as text, its type first: the mail server's reason is
    what a person acting on a failed notification needs.
    """
    attempts = attempts_before + 1
    return FailedSend(
        attempts=attempts, error=f"{error.__class__.__name__}: {error}", gives_up=attempts >= max_attempts
    )


def format_amount(amount: Decimal) -> str:
    """``Decimal("25")`` → ``"25.00"``: amounts always show cents, as the price tags do."""
    return f"{amount:.2f}"


def email_body(message: str) -> str:
    return f"{message}\n\n{SIGNATURE}\n"
