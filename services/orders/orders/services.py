"""Writes of the orders service: placing and cancelling orders, and following inventory's and payments' answers."""

import logging
from dataclasses import asdict
from typing import Protocol

from django.db import IntegrityError, transaction

from microshop_common.clients import ResourceNotFound, ServiceError
from microshop_common.events.outbox import publish_event
from orders.clients.inventory import InventoryClient
from orders.clients.users import UsersClient
from orders.domain import (
    InvalidStatusTransition,
    OrderLine,
    OrderStatus,
    PricedLine,
    ProductInfo,
    ShippingAddress,
    check_availability,
    ensure_transition,
    money,
    order_total,
    placing_fingerprint,
    price_lines,
    stock_or_payment_outcome_applies,
)
from orders.errors import CustomerCannotOrder, IdempotencyKeyReused, NeighbourUnavailable, OrderNotCancellable
from orders.events.published import OrderCancelled, OrderConfirmed, OrderPlaced, OrderRejected, PlacedItem
from orders.models import Order, OrderItem

logger = logging.getLogger(__name__)


class Requester(Protocol):
    """Who asks for a change: ``request.user``, as a customer's or staff member's token makes it."""

    @property
    def id(self) -> int: ...

    @property
    def is_staff(self) -> bool: ...


def order_place(
    *,
    user_id: int,
    lines: list[OrderLine],
    shipping_address: ShippingAddress,
    payment_method: str,
    users: UsersClient,
    inventory: InventoryClient,
    idempotency_key: str | None = None,
) -> tuple[Order, bool]:
    """Place a pending order and publish ``order.placed``; return ``(order, created)``.

    ``payment_method`` is the customer's card token: ``order.placed`` carries it to
    payments, which charges it once inventory has reserved the stock. It is never logged.

    The same ``idempotency_key`` from the same user, with the same request, returns the
    first order with ``created`` False, and asks nothing of users or inventory; with a
    different request (lines, address or card token) it raises
    :class:`IdempotencyKeyReused` and saves nothing. Otherwise the account
    must be active in users, and inventory, asked once for every product, must know each
    one and hold enough of it. Prices come from inventory alone. Neither call runs inside
    a transaction, so no database lock waits on the network, and when either service is
    down nothing is saved.
    """
    if not lines:
        raise ValueError("an order needs at least one line")
    fingerprint = placing_fingerprint(lines, shipping_address, payment_method)
    if idempotency_key is not None and (earlier := _earlier_order(user_id, idempotency_key, fingerprint)):
        return earlier, False

    _ensure_customer_can_order(users, user_id)
    products = _current_products(inventory, lines)
    check_availability(lines, products)

    try:
        order = _save_pending_order(
            user_id, price_lines(lines, products), shipping_address, payment_method, idempotency_key, fingerprint
        )
    except IntegrityError:
        # A concurrent request with the same key inserted first; the unique constraint
        # stopped this one, so answer with the order it made, or refuse a different request.
        earlier = _earlier_order(user_id, idempotency_key, fingerprint) if idempotency_key is not None else None
        if earlier is None:
            raise
        return earlier, False
    logger.info("order %s placed by user %s: %s", order.pk, user_id, order.total)
    return order, True


def order_cancel(*, order: Order, by_user: Requester) -> Order:
    """Cancel a pending or confirmed order and publish ``order.cancelled``.

    Inventory gives back any stock it holds for the order when it reads that event, and
    payments refunds a charge or voids one not yet made.
    ``by_user`` is the person asking (the owner or staff), named in the log.
    """
    with transaction.atomic():
        order = _locked_order(order.pk)
        try:
            order.status = ensure_transition(order.status, OrderStatus.CANCELLED)
        except InvalidStatusTransition as exc:
            raise OrderNotCancellable(
                f"Order {order.pk} is {order.status}; only pending or confirmed orders can be cancelled"
            ) from exc
        order.save(update_fields=["status", "updated_at"])
        publish_event(OrderCancelled(order_id=order.pk, user_id=order.user_id))
    logger.info("order %s cancelled by %s %s", order.pk, "staff member" if by_user.is_staff else "user", by_user.id)
    return order


@transaction.atomic
def order_confirm(*, order_id: int) -> Order:
    """Follow ``payment.succeeded``: a pending order becomes confirmed and publishes ``order.confirmed``.

    Raises ``Order.DoesNotExist``, or :class:`InvalidStatusTransition` when the order's
    status cannot follow (see :func:`orders.domain.stock_or_payment_outcome_applies`).
    """
    order = _locked_order(order_id)
    if not stock_or_payment_outcome_applies(order.status, OrderStatus.CONFIRMED):
        logger.info("order %s is already %s; confirming it changes nothing", order.pk, order.status)
        return order
    order.status = OrderStatus.CONFIRMED
    order.save(update_fields=["status", "updated_at"])
    publish_event(OrderConfirmed(order_id=order.pk, user_id=order.user_id, total=money(order.total)))
    logger.info("order %s confirmed", order.pk)
    return order


@transaction.atomic
def order_reject(*, order_id: int, reason: str) -> Order:
    """Follow ``stock.rejected`` or ``payment.failed``: a pending order becomes rejected and
    publishes ``order.rejected`` with ``reason``.

    Raises like :func:`order_confirm`.
    """
    order = _locked_order(order_id)
    if not stock_or_payment_outcome_applies(order.status, OrderStatus.REJECTED):
        logger.info("order %s is already %s; rejecting it changes nothing", order.pk, order.status)
        return order
    order.status = OrderStatus.REJECTED
    order.rejection_reason = reason
    order.save(update_fields=["status", "rejection_reason", "updated_at"])
    publish_event(OrderRejected(order_id=order.pk, user_id=order.user_id, reason=reason))
    logger.info("order %s rejected: %s", order.pk, reason)
    return order


def _ensure_customer_can_order(users: UsersClient, user_id: int) -> None:
    try:
        account = users.get_user(user_id)
    except ResourceNotFound as exc:
        raise CustomerCannotOrder.unknown(user_id) from exc
    except ServiceError as exc:
        logger.warning("order refused, users unavailable: %s", exc)
        raise NeighbourUnavailable("users") from exc
    if not account.is_active:
        raise CustomerCannotOrder.inactive(user_id)


def _current_products(inventory: InventoryClient, lines: list[OrderLine]) -> dict[int, ProductInfo]:
    try:
        return inventory.get_products({line.product_id for line in lines})
    except ServiceError as exc:
        logger.warning("order refused, inventory unavailable: %s", exc)
        raise NeighbourUnavailable("inventory") from exc


@transaction.atomic
def _save_pending_order(
    user_id: int,
    lines: list[PricedLine],
    shipping_address: ShippingAddress,
    payment_method: str,
    idempotency_key: str | None,
    request_fingerprint: str,
) -> Order:
    order = Order.objects.create(
        user_id=user_id,
        status=OrderStatus.PENDING,
        total=order_total(lines),
        shipping_address=asdict(shipping_address),
        payment_method=payment_method,
        idempotency_key=idempotency_key,
        request_fingerprint=request_fingerprint,
    )
    OrderItem.objects.bulk_create([OrderItem(order=order, **asdict(line)) for line in lines])
    publish_event(
        OrderPlaced(
            order_id=order.pk,
            user_id=user_id,
            items=[PlacedItem(line.product_id, line.quantity, money(line.unit_price)) for line in lines],
            total=money(order.total),
            payment_method=payment_method,
        )
    )
    return order


def _earlier_order(user_id: int, idempotency_key: str, fingerprint: str) -> Order | None:
    """The order an earlier request with this key placed, if it asked for the same; None if there is none."""
    earlier = Order.objects.filter(user_id=user_id, idempotency_key=idempotency_key).first()
    if earlier is None:
        return None
    # An order placed before orders kept fingerprints has none to compare: its key returns it as before.
    if earlier.request_fingerprint not in (None, fingerprint):
        logger.info("user %s sent the key of order %s with a different request; refused", user_id, earlier.pk)
        raise IdempotencyKeyReused()
    return earlier


def _locked_order(order_id: int) -> Order:
    # The row lock makes a cancellation and an answer from inventory or payments for the
    # same order take turns; the second one sees the status the first one left.
    return Order.objects.select_for_update().get(pk=order_id)
