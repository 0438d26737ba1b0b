"""What orders refuses outside its pure rules (those are in :mod:`orders.domain`), in the domain's words.

Each error is a kind from :mod:`microshop_common.errors`; the API maps the kind to a status code.
"""

from microshop_common.errors import Conflict, NotPermitted, Unavailable, Unprocessable


class CustomerCannotOrder(NotPermitted):
    """The token is valid, but users says its account cannot place orders."""

    @classmethod
    def inactive(cls, user_id: int) -> "CustomerCannotOrder":
        return cls(
            f"User with ID {user_id} is inactive and cannot place orders",
            error="User inactive",
            code="USER_INACTIVE",
        )

    @classmethod
    def unknown(cls, user_id: int) -> "CustomerCannotOrder":
        return cls(
            f"User with ID {user_id} does not exist, so it cannot place orders",
            error="User not found",
            code="USER_NOT_FOUND",
        )


class OrderNotCancellable(Conflict):
    error = "Order not cancellable"
    code = "ORDER_NOT_CANCELLABLE"


class IdempotencyKeyReused(Unprocessable):
    """The customer sent an idempotency key again with a request that differs from the first one's."""

    error = "Idempotency key reused"
    code = "IDEMPOTENCY_KEY_REUSED"

    def __init__(self) -> None:
        super().__init__(
            "This idempotency key was already used for a different order; "
            "send a new key to place another order, or the first request unchanged to get its order"
        )


class NeighbourUnavailable(Unavailable):
    """``NeighbourUnavailable("inventory")``: ``INVENTORY_UNAVAILABLE``, and nothing was saved."""

    def __init__(self, service: str):
        self.service = service
        super().__init__(
            f"The {service} service is unavailable right now; nothing was saved, so the request can be retried",
            error=f"{service.capitalize()} service unavailable",
            code=f"{service.upper()}_UNAVAILABLE",
        )
