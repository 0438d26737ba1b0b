from django.core.validators import RegexValidator
from rest_framework import serializers
from rest_framework.request import Request

from microshop_common.api.fields import StrictCharField
from microshop_common.errors import Invalid
from orders.domain import MAX_PAYMENT_METHOD_LENGTH, PAYMENT_METHOD_PATTERN, OrderStatus

MAX_LINES_PER_ORDER = 50
MAX_UNITS_PER_LINE = 1000
# Product ids are inventory's 64-bit primary keys.
MAX_PRODUCT_ID = 2**63 - 1
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY_LENGTH = 255


class ShippingAddressSerializer(serializers.Serializer):
    street = StrictCharField(max_length=200)
    city = StrictCharField(max_length=100)
    state = StrictCharField(max_length=100)
    zip_code = StrictCharField(max_length=20)
    country = StrictCharField(max_length=100)


class OrderLineInputSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1, max_value=MAX_PRODUCT_ID)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_UNITS_PER_LINE)


class OrderPlaceInputSerializer(serializers.Serializer):
    """``items``, ``shipping_address`` and ``payment_method``. A ``price`` or ``user_id`` in the
    body is no field of this serializer, so it is dropped: inventory sets prices and the token the user."""

    # DRF passes max_length on to the ListSerializer that many=True builds; the type stubs do not know it.
    items = OrderLineInputSerializer(many=True, allow_empty=False, max_length=MAX_LINES_PER_ORDER)  # type: ignore[call-arg]
    shipping_address = ShippingAddressSerializer()
    payment_method = StrictCharField(
        max_length=MAX_PAYMENT_METHOD_LENGTH,
        validators=[
            RegexValidator(
                PAYMENT_METHOD_PATTERN, message="Enter a card token: tok_ followed by letters, digits or underscores."
            )
        ],
        help_text="A sandbox card token of the payment provider, such as tok_visa.",
    )


# Output serializers name their fields rather than derive them from the model: a
# ModelSerializer inspects the model anew for every object it renders, which was a third
# of the orders web process's CPU under load.


class OrderItemOutputSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    sku = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)


class OrderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[status.value for status in OrderStatus])
    items = OrderItemOutputSerializer(many=True)
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    shipping_address = ShippingAddressSerializer()
    rejection_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


def idempotency_key_of(request: Request) -> str | None:
    """The request's ``Idempotency-Key`` header, if it sent one that can be used."""
    key = request.headers.get(IDEMPOTENCY_KEY_HEADER)
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        raise Invalid(
            f"The {IDEMPOTENCY_KEY_HEADER} header must hold 1 to {MAX_IDEMPOTENCY_KEY_LENGTH} characters",
            error="Invalid idempotency key",
            code="INVALID_IDEMPOTENCY_KEY",
        )
    return key
