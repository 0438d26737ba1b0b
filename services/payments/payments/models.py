from django.db import models

from payments.domain import CARD_TOKEN_MAX_LENGTH, CHARGED, CURRENCY, PaymentStatus


class Payment(models.Model):
    """The payment of one order: recorded on ``order.placed``, charged on ``stock.reserved``."""

    order_id = models.BigIntegerField()
    user_id = models.BigIntegerField()
    # The order's total, as orders computed it; the provider is asked for it in cents.
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, default=CURRENCY)
    # The sandbox token the customer paid with. Never shown by the API, logged or published.
    card_token = models.CharField(max_length=CARD_TOKEN_MAX_LENGTH)
    status = models.CharField(
        max_length=16,
        choices=[(status.value, status.name.replace("_", " ").capitalize()) for status in PaymentStatus],
        default=PaymentStatus.AWAITING_STOCK.value,
    )
    provider_charge_id = models.CharField(max_length=255, blank=True)
    failure_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user_id", "-created_at"], name="payment_user_newest_idx")]
        constraints = [
            # A constraint of the Meta rather than unique=True on the field, so that
            # PostgreSQL names it as the code does.
            models.UniqueConstraint(fields=["order_id"], name="one_payment_per_order"),
            models.CheckConstraint(
                condition=models.Q(status__in=[status.value for status in PaymentStatus]), name="payment_status_known"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payment_amount_not_negative"),
            # A payment the provider charged names the charge, which a refund needs; one
            # it never charged names none.
            models.CheckConstraint(
                condition=(models.Q(status__in=[status.value for status in CHARGED]) & ~models.Q(provider_charge_id=""))
                | (~models.Q(status__in=[status.value for status in CHARGED]) & models.Q(provider_charge_id="")),
                name="payment_charge_id_iff_charged",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PaymentStatus.FAILED.value) | ~models.Q(failure_reason=""),
                name="failed_payment_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"payment {self.pk} of order {self.order_id}: {self.status}"
