from django.db.models import QuerySet

from payments.models import Payment


def payment_list(*, user_id: int | None = None, order_id: int | None = None) -> QuerySet[Payment]:
    """Newest first: the payments of ``user_id``, or of every customer when it is None (for staff);
    only the one of ``order_id`` when it is given."""
    payments = Payment.objects.order_by("-created_at", "-id")
    if user_id is not None:
        payments = payments.filter(user_id=user_id)
    if order_id is not None:
        payments = payments.filter(order_id=order_id)
    return payments


def payment_get(*, payment_id: int) -> Payment | None:
    return Payment.objects.filter(pk=payment_id).first()
