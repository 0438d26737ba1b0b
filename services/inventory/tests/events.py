"""The envelopes of the events inventory consumes, as orders and payments publish them."""

from microshop_common.events.envelope import build_envelope


def order_placed(order_id: int, *lines: tuple[int, int], user_id: int = 7) -> dict:
    """``order.placed`` for ``(product_id, quantity)`` lines, each at 10.00."""
    items = [{"product_id": product_id, "quantity": quantity, "unit_price": "10.00"} for product_id, quantity in lines]
    total = f"{10 * sum(quantity for _, quantity in lines)}.00"
    data = {"order_id": order_id, "user_id": user_id, "items": items, "total": total, "payment_method": "tok_visa"}
    return build_envelope("order.placed", data, producer="orders")


def order_cancelled(order_id: int, *, user_id: int = 7) -> dict:
    return build_envelope("order.cancelled", {"order_id": order_id, "user_id": user_id}, producer="orders")


def payment_failed(order_id: int, *, user_id: int = 7, reason: str = "Your card was declined.") -> dict:
    data = {"order_id": order_id, "user_id": user_id, "payment_id": 1, "amount": "20.00", "reason": reason}
    return build_envelope("payment.failed", data, producer="payments")
