"""Writes of the inventory service: products, and reserving and releasing stock."""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from inventory.domain import InsufficientStock, Shortage, StockLine, merge_lines
from inventory.events.published import ReservedItem, StockRejected, StockReserved
from inventory.models import Product, Reservation, ReservationLine
from microshop_common.events.outbox import publish_event

logger = logging.getLogger(__name__)

PRODUCT_FIELDS = frozenset({"sku", "name", "description", "price", "stock_quantity"})


def product_create(*, sku: str, name: str, price: Decimal, stock_quantity: int = 0, description: str = "") -> Product:
    """A new product; a SKU another product has is a ``ValidationError`` on ``sku``."""
    product = Product(sku=sku, name=name, description=description, price=price, stock_quantity=stock_quantity)
    _validate_and_save(product)
    return product


def product_update(*, product: Product, **fields: object) -> Product:
    """Change some of a product's fields; a SKU another product has is a ``ValidationError`` on ``sku``."""
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise ValueError(f"cannot update {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(product, name, value)
    _validate_and_save(product, update_fields=[*fields, "updated_at"])
    return product


@transaction.atomic
def stock_reserve(*, order_id: int, lines: list[StockLine]) -> Reservation:
    """Take stock for every line of an order, or for none, and publish the outcome.

    Each line is one conditional UPDATE (``stock_quantity >= quantity``), so two
    reservations racing for the last units cannot both succeed on any database, and
    the ``stock_never_negative`` constraint backs that up. That UPDATE is the rule
    itself, which is why it lives here and not in ``domain.py``: a check in Python on
    stock read a moment earlier would let two reservations take the same last unit.
    Asking again for the same order returns the first answer.
    """
    existing = Reservation.objects.select_for_update().filter(order_id=order_id).first()
    if existing is not None:
        logger.info("order %s already has a reservation (%s)", order_id, existing.status)
        return existing

    merged = merge_lines(lines)
    try:
        with transaction.atomic():  # a savepoint: a shortage on any line undoes them all
            reservation = Reservation.objects.create(order_id=order_id, status=Reservation.Status.RESERVED)
            for line in merged:
                _take_stock(line)
                ReservationLine.objects.create(
                    reservation=reservation, product_id=line.product_id, quantity=line.quantity
                )
    except InsufficientStock as exc:
        reservation = Reservation.objects.create(order_id=order_id, status=Reservation.Status.REJECTED, reason=str(exc))
        publish_event(StockRejected(order_id=order_id, reason=str(exc), items=_items(merged)))
        logger.info("stock rejected for order %s: %s", order_id, exc)
        return reservation

    publish_event(StockReserved(order_id=order_id, reservation_id=reservation.pk, items=_items(merged)))
    logger.info("stock reserved for order %s", order_id)
    return reservation


@transaction.atomic
def stock_release(*, order_id: int) -> Reservation:
    """Give back the stock held for an order that was cancelled or whose payment failed
    (the compensation step). A second release, for either reason, changes nothing.

    If the order's reservation was never made, leave a ``cancelled`` mark so that a
    late ``order.placed`` does not reserve anything.
    """
    reservation = Reservation.objects.select_for_update().filter(order_id=order_id).first()
    if reservation is None:
        return Reservation.objects.create(order_id=order_id, status=Reservation.Status.CANCELLED)
    if reservation.status != Reservation.Status.RESERVED:
        return reservation
    for line in reservation.lines.order_by("product_id"):
        Product.objects.filter(pk=line.product_id).update(stock_quantity=F("stock_quantity") + line.quantity)
    reservation.status = Reservation.Status.RELEASED
    reservation.save(update_fields=["status", "updated_at"])
    logger.info("stock released for order %s", order_id)
    return reservation


def _validate_and_save(product: Product, update_fields: list[str] | None = None) -> None:
    # full_clean() checks every field and constraint, the unique SKU included, so the
    # API answers a field error. A request that raced another one past that check is
    # stopped by the unique index, and gets the same answer.
    product.full_clean()
    try:
        with transaction.atomic():
            product.save(update_fields=update_fields)
    except IntegrityError as exc:
        if not Product.objects.filter(sku=product.sku).exclude(pk=product.pk).exists():
            raise
        raise ValidationError({"sku": [product.unique_error_message(Product, ("sku",))]}) from exc


def _take_stock(line: StockLine) -> None:
    taken = Product.objects.filter(pk=line.product_id, stock_quantity__gte=line.quantity).update(
        stock_quantity=F("stock_quantity") - line.quantity
    )
    if not taken:
        available = Product.objects.filter(pk=line.product_id).values_list("stock_quantity", flat=True).first()
        raise InsufficientStock([Shortage(line.product_id, line.quantity, available)])


def _items(lines: list[StockLine]) -> list[ReservedItem]:
    return [ReservedItem(line.product_id, line.quantity) for line in lines]
