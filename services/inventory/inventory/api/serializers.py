from rest_framework import serializers

from microshop_common.api.fields import StrictCharField, StrictDecimalField


# Names its fields rather than derive them from the model: a ModelSerializer inspects
# the model anew for every product it renders.
class ProductOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2)
    stock_quantity = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ProductCreateInputSerializer(serializers.Serializer):
    sku = StrictCharField(max_length=64)
    name = StrictCharField(max_length=200)
    description = StrictCharField(required=False, allow_blank=True, default="")
    price = StrictDecimalField(max_digits=10, decimal_places=2, min_value=0)
    stock_quantity = serializers.IntegerField(min_value=0, max_value=2_147_483_647, default=0)


class ProductUpdateInputSerializer(ProductCreateInputSerializer):
    """Use with ``partial=True``. Whether a SKU is free is for :func:`inventory.services.product_update`."""


class ProductIdsInputSerializer(serializers.Serializer):
    ids = StrictCharField(help_text="Comma-separated product ids, at most 100.")

    def validate_ids(self, raw: str) -> list[int]:
        try:
            ids = [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise serializers.ValidationError("Give product ids as integers separated by commas.") from None
        if not ids or len(ids) > 100:
            raise serializers.ValidationError("Give between 1 and 100 product ids.")
        return ids
