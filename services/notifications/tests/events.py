"""The envelopes of the events notifications consumes, as users, orders and payments publish them."""

from microshop_common.events.envelope import build_envelope


def user_registered(user) -> dict:
    """``user.registered`` for ``user``, a ``UserAccount``."""
    data = {
        "user_id": user.id,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
    }
    return build_envelope("user.registered", data, producer="users")


def order_event(event_type: str, *, order_id: int, user_id: int) -> dict:
    """One of the ``order.*`` events, for an order of two units at 12.50."""
    data = {
        "order.placed": {"items": [{"product_id": 1, "quantity": 2, "unit_price": "12.50"}], "total": "25.00"},
        "order.confirmed": {"total": "25.00"},
        "order.rejected": {"reason": "insufficient inventory for product 1"},
        "order.cancelled": {},
    }[event_type]
    return build_envelope(event_type, {"order_id": order_id, "user_id": user_id, **data}, producer="orders")


def payment_event(event_type: str, *, order_id: int, user_id: int) -> dict:
    """``payment.failed`` or ``payment.refunded``, for an order of 25.00."""
    data = {
        "payment.failed": {"reason": "Your card was declined."},
        "payment.refunded": {},
    }[event_type]
    payment = {"order_id": order_id, "user_id": user_id, "payment_id": 3, "amount": "25.00"}
    return build_envelope(event_type, {**payment, **data}, producer="payments")
