"""Where inventory's dependencies are put together: the handler of each event it consumes.

Inventory calls no other service, so it has no client to build; a service that does
builds its clients here too and hands them to its views and handlers (see orders' and
notifications' ``bootstrap.py``). (cosmicpython's ``bootstrap.py``)
"""

from inventory.events.handlers import on_order_cancelled, on_order_placed, on_payment_failed
from microshop_common.events.consumer import Handler


def event_handlers() -> dict[str, Handler]:
    return {
        "order.placed": on_order_placed,
        "order.cancelled": on_order_cancelled,
        "payment.failed": on_payment_failed,
    }
