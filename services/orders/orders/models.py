from django.db import models

from orders.domain import MAX_PAYMENT_METHOD_LENGTH, OrderStatus

SHIPPING_ADDRESS_FIELDS = ("street", "city", "state", "zip_code", "country")


class Order(models.Model):
    user_id = models.BigIntegerField()
    status = models.CharField(
        max_length=16,
        choices=[(status.value, status.name.capitalize()) for status in OrderStatus],
        default=OrderStatus.PENDING.value,
    )
    # 16 digits hold the largest order the API accepts: 50 lines of 1000 units at inventory's highest price.
    total = models.DecimalField(max_digits=16, decimal_places=2)
    # A copy of the address as the customer gave it: {street, city, state, zip_code, country}.
    shipping_address = models.JSONField()
    # The client's Idempotency-Key header: a retried request finds the order the first one
    # made. NULL, not "", when there was none: a request without a key has no key to match.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    # What the request that placed the order asked for (orders.domain.placing_fingerprint):
    # the same key sent with a different request is refused. NULL for orders placed before
    # orders kept it, whose key still returns them as it did.
    request_fingerprint = models.CharField(max_length=64, null=True)  # noqa: DJ001
    # The card token the customer pays with, handed to payments in order.placed. NULL only
    # for orders placed before orders took a payment method: no token can be made up for them.
    payment_method = models.CharField(max_length=MAX_PAYMENT_METHOD_LENGTH, null=True)  # noqa: DJ001
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user_id", "-created_at"], name="order_user_newest_idx")]
        constraints = [
            # Two requests racing with the same key cannot both insert: one gets an
            # IntegrityError and returns the order the other made.
            models.UniqueConstraint(
                fields=["user_id", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="one_order_per_idempotency_key",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[status.value for status in OrderStatus]), name="order_status_known"
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="order_total_not_negative"),
            models.CheckConstraint(
                condition=models.Q(shipping_address__has_keys=list(SHIPPING_ADDRESS_FIELDS)),
                name="shipping_address_complete",
            ),
            # The API checks the whole form of a token; the database keeps out what is no token at all.
            models.CheckConstraint(
                condition=models.Q(payment_method__isnull=True) | models.Q(payment_method__startswith="tok_"),
                name="payment_method_is_a_card_token",
            ),
        ]

    def __str__(self) -> str:
        return f"order {self.pk} of user {self.user_id}: {self.status}"


class OrderItem(models.Model):
    """One product of an order, with its name, SKU and price as inventory gave them then."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product_id = models.BigIntegerField()
    product_name = models.CharField(max_length=200)
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["product_id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product_id"], name="one_item_per_product"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="item_quantity_at_least_one"),
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="item_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"
