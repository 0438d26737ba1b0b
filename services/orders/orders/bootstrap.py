"""Where orders' dependencies are built: the one place that names the real clients.

Services and event handlers take the clients they need as arguments and never build
one, so a test hands them fakes without patching anything. Views and the Celery task
get theirs here. (cosmicpython's ``bootstrap.py``)
"""

from dataclasses import dataclass

from microshop_common.events.consumer import Handler
from orders.clients.inventory import HttpInventoryClient, InventoryClient
from orders.clients.users import HttpUsersClient, UsersClient
from orders.events.handlers import on_payment_failed, on_payment_succeeded, on_stock_rejected


@dataclass(frozen=True)
class Clients:
    users: UsersClient
    inventory: InventoryClient


def clients() -> Clients:
    """The clients over HTTP, shared by the whole process, so that connections and service tokens are reused."""
    return Clients(users=HttpUsersClient.shared(), inventory=HttpInventoryClient.shared())


def event_handlers() -> dict[str, Handler]:
    # The answers of inventory and payments need no other service.
    return {
        "stock.rejected": on_stock_rejected,
        "payment.succeeded": on_payment_succeeded,
        "payment.failed": on_payment_failed,
    }
