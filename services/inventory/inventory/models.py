from django.core.validators import MinValueValidator
from django.db import models


class Product(models.Model):
    sku = models.CharField("SKU", max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    # Not a PositiveIntegerField: its unnamed check would refuse negative stock before
    # stock_never_negative, whose name is what an error must show.
    stock_quantity = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # The last line of defence: whatever the code does, the database refuses
            # negative stock.
            models.CheckConstraint(condition=models.Q(stock_quantity__gte=0), name="stock_never_negative"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class Reservation(models.Model):
    """The stock held for one order. One per order, whatever happens to it."""

    class Status(models.TextChoices):
        RESERVED = "reserved"
        REJECTED = "rejected"
        RELEASED = "released"
        # The order was cancelled before its reservation was asked for; a late
        # order.placed must then reserve nothing.
        CANCELLED = "cancelled"

    order_id = models.BigIntegerField(unique=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reservation for order {self.order_id}: {self.status}"


class ReservationLine(models.Model):
    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reservation", "product"], name="one_line_per_product")]

    def __str__(self) -> str:
        return f"{self.quantity} x product {self.product_id}"
