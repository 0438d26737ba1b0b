from rest_framework import serializers

from payments.domain import PaymentStatus

# Output serializers name their fields rather than derive them from the model: a
# ModelSerializer inspects the model anew for every object it renders. The card token is
# no field here, so no answer can carry it.


class PaymentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField()
    status = serializers.ChoiceField(choices=[status.value for status in PaymentStatus])
    failure_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PaymentListFilterSerializer(serializers.Serializer):
    """The query of ``GET /api/payments/``: ``?order_id=`` narrows the list to that order's payment."""

    # Order ids are orders' 64-bit primary keys.
    order_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
