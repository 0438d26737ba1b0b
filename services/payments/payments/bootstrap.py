"""Where payments' dependencies are built: the one place that names the real provider client.

Services and event handlers take the provider as an argument and never build one, so a
test hands them a fake without patching anything. The Celery task gets its handlers
here. (cosmicpython's ``bootstrap.py``)
"""

from functools import partial

from microshop_common.events.consumer import Handler
from payments.clients.provider import HttpPaymentProvider, PaymentProvider
from payments.events.handlers import on_order_cancelled, on_order_placed, on_order_rejected, on_stock_reserved


def payment_provider() -> PaymentProvider:
    """The provider over HTTP, shared by the whole process, so that its connections are reused."""
    return HttpPaymentProvider.shared()


def event_handlers(given: PaymentProvider | None = None) -> dict[str, Handler]:
    """The handler of each event payments consumes, with the ``given`` provider, else the real one."""
    provider = given or payment_provider()
    return {
        "order.placed": on_order_placed,
        "stock.reserved": partial(on_stock_reserved, provider=provider),
        "order.rejected": on_order_rejected,
        "order.cancelled": partial(on_order_cancelled, provider=provider),
    }
