"""inventory's refusal of an ``order.placed`` envelope, built as inventory builds it.

Inventory handles ``order.placed`` under that event's correlation id, so its answer
carries the same one: one customer action can be followed through every service.
Orders does not consume ``stock.reserved``: payments does, and answers with its outcome
(``payments_events.py``).
"""

from microshop_common.events.envelope import build_envelope


def stock_rejected_for(order_placed: dict, *, reason: str) -> dict:
    data = order_placed["data"]
    return build_envelope(
        "stock.rejected",
        {"order_id": data["order_id"], "reason": reason, "items": _lines(data)},
        producer="inventory",
        correlation_id=order_placed["correlation_id"],
    )


def _lines(order_placed_data: dict) -> list[dict]:
    return [{"product_id": item["product_id"], "quantity": item["quantity"]} for item in order_placed_data["items"]]
