"""The errors orders' services raise, each one an answer in the error shape of every microshop API."""

from rest_framework import status

from microshop_common.api.errors import ApiError, ConflictError, DependencyUnavailableError


class InsufficientInventoryError(ApiError):
    error = "Insufficient inventory"
    code = "INSUFFICIENT_INVENTORY"


class CustomerCannotOrder(ApiError):
    """The token is valid, but users says its account cannot place orders."""

    status_code = status.HTTP_403_FORBIDDEN

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


class OrderNotCancellable(ConflictError):
    error = "Order not cancellable"
    code = "ORDER_NOT_CANCELLABLE"


def dependency_unavailable(service: str) -> DependencyUnavailableError:
    """``dependency_unavailable("inventory")`` → 503 ``INVENTORY_UNAVAILABLE``."""
    return DependencyUnavailableError(
        f"The {service} service is unavailable right now; nothing was saved, so the request can be retried",
        error=f"{service.capitalize()} service unavailable",
        code=f"{service.upper()}_UNAVAILABLE",
    )
