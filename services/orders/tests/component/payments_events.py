"""payments' outcome for an ``order.placed`` envelope, built as payments builds it.

Payments charges an order once inventory has reserved its stock, under the correlation id
of the customer's action, so its outcome carries the same one as ``order.placed``.
"""

import itertools

from microshop_common.events.envelope import build_envelope

_payment_ids = itertools.count(1)


def payment_succeeded_for(order_placed: dict) -> dict:
    return build_envelope(
        "payment.succeeded", _payment(order_placed), producer="payments", correlation_id=order_placed["correlation_id"]
    )


def payment_failed_for(order_placed: dict, *, reason: str) -> dict:
    return build_envelope(
        "payment.failed",
        {**_payment(order_placed), "reason": reason},
        producer="payments",
        correlation_id=order_placed["correlation_id"],
    )


def _payment(order_placed: dict) -> dict:
    data = order_placed["data"]
    return {
        "order_id": data["order_id"],
        "user_id": data["user_id"],
        "payment_id": next(_payment_ids),
        "amount": data["total"],
    }
