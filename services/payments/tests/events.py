"""The envelopes of the events payments consumes, as orders and inventory publish them."""

from microshop_common.events.envelope import build_envelope


def order_placed(order_id: int, *, total: str = "25.00", payment_method: str = "tok_visa", user_id: int = 7) -> dict:
    """``order.placed`` for one line of two units at half the total."""
    unit_price = f"{float(total) / 2:.2f}"
    data = {
        "order_id": order_id,
        "user_id": user_id,
        "items": [{"product_id": 101, "quantity": 2, "unit_price": unit_price}],
        "total": total,
        "payment_method": payment_method,
    }
    return build_envelope("order.placed", data, producer="orders")


def stock_reserved(order_id: int, *, correlation_id: str | None = None) -> dict:
    data = {"order_id": order_id, "reservation_id": 1, "items": [{"product_id": 101, "quantity": 2}]}
    return build_envelope("stock.reserved", data, producer="inventory", correlation_id=correlation_id)


def order_rejected(order_id: int, *, reason: str = "insufficient inventory for product 101", user_id: int = 7) -> dict:
    return build_envelope(
        "order.rejected", {"order_id": order_id, "user_id": user_id, "reason": reason}, producer="orders"
    )


def order_cancelled(order_id: int, *, user_id: int = 7) -> dict:
    return build_envelope("order.cancelled", {"order_id": order_id, "user_id": user_id}, producer="orders")
