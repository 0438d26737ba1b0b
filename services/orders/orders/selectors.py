from django.db.models import QuerySet

from orders.models import Order


def order_list(*, user_id: int | None = None) -> QuerySet[Order]:
    """Newest first: the orders of ``user_id``, or of every customer when it is None (for staff)."""
    orders = Order.objects.prefetch_related("items").order_by("-created_at", "-id")
    return orders if user_id is None else orders.filter(user_id=user_id)


def order_get(*, order_id: int) -> Order | None:
    return Order.objects.prefetch_related("items").filter(pk=order_id).first()
