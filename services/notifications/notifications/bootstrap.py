"""Where notifications' dependencies are built: the one place that names the real users client.

Services and event handlers take the client as an argument and never build one, so a
test hands them a fake without patching anything. The Celery task gets its handlers
here. (cosmicpython's ``bootstrap.py``)
"""

from dataclasses import dataclass
from functools import partial

from microshop_common.events.consumer import Handler
from notifications.clients.users import HttpUsersClient, UsersClient
from notifications.events.handlers import (
    on_order_cancelled,
    on_order_confirmed,
    on_order_placed,
    on_order_rejected,
    on_payment_failed,
    on_payment_refunded,
    on_user_registered,
)


@dataclass(frozen=True)
class Clients:
    users: UsersClient


def clients() -> Clients:
    """The client over HTTP, shared by the whole process, so that connections and service tokens are reused."""
    return Clients(users=HttpUsersClient.shared())


def event_handlers(given: Clients | None = None) -> dict[str, Handler]:
    """The handler of each event notifications consumes, with ``given`` clients, else the real ones."""
    users = (given or clients()).users
    return {
        "user.registered": partial(on_user_registered, users=users),
        "order.placed": partial(on_order_placed, users=users),
        "order.confirmed": partial(on_order_confirmed, users=users),
        "order.rejected": partial(on_order_rejected, users=users),
        "order.cancelled": partial(on_order_cancelled, users=users),
        "payment.failed": partial(on_payment_failed, users=users),
        "payment.refunded": partial(on_payment_refunded, users=users),
    }
