"""Where orders' dependencies are built: the one place that names the real clients.

Services and event handlers take the clients they need as arguments and never build
one, so a test hands them fakes without patching anything. Views and the Celery task
get theirs here. (cosmicpython's ``bootstrap.py``)
"""

from dataclasses import dataclass

from microshop_common.events.consumer import Handler
from orders.clients.inventory import HttpInventoryClient, InventoryClient
from orders.clients.users import HttpUsersClient, UsersClient
from orders.events.handlers import on_stock_rejected, on_stock_reserved


@dataclass(frozen=True)
class Clients:
    users: UsersClient
    inventory: InventoryClient


def clients() -> Clients:
    """The clients over HTTP, shared by the whole process, so that connections and service tokens are reused."""
    return Clients(users=HttpUsersClient.shared(), inventory=HttpInventoryClient.shared())


def event_handlers() -> dict[str, Handler]:
    # Inventory's answers need no other service.
    return {
        "stock.reserved": on_stock_reserved,
        "stock.rejected": on_stock_rejected,
    }
