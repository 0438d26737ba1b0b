from rest_framework import serializers

from microshop_common.api.fields import StrictCharField
from payments.domain import NAME_MAX_LENGTH


class ItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()


class ItemCreateInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=NAME_MAX_LENGTH)
