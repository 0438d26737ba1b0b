"""Serializer fields that take only the JSON type the OpenAPI documents give them.

DRF's ``CharField`` turns a number or a boolean into text without a word, and its
``DecimalField`` takes a JSON number as readily as the string the documents describe
(and every answer carries): a client that sends another type learns it from a 400.
"""

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text only."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDecimalField(serializers.DecimalField):
    """A decimal written as a string, such as ``"12.50"``: a JSON number may already have lost digits."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
