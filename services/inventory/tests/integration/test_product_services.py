from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inventory.models import Product
from inventory.services import product_create, product_update
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_a_new_product_cannot_take_a_sku_another_product_has():
    ProductFactory(sku="MUG-1")

    with pytest.raises(ValidationError) as refused:
        product_create(sku="MUG-1", name="Another mug", price=Decimal("3.00"))

    assert refused.value.message_dict == {"sku": ["Product with this SKU already exists."]}
    assert Product.objects.filter(sku="MUG-1").count() == 1


def test_a_product_cannot_be_given_the_sku_of_another():
    ProductFactory(sku="MUG-1")
    tee = ProductFactory(sku="TEE-1")

    with pytest.raises(ValidationError) as refused:
        product_update(product=tee, sku="MUG-1")

    assert set(refused.value.message_dict) == {"sku"}
    tee.refresh_from_db()
    assert tee.sku == "TEE-1"


def test_a_product_may_keep_its_own_sku_while_other_fields_change():
    tee = ProductFactory(sku="TEE-1", stock_quantity=1)

    product_update(product=tee, sku="TEE-1", stock_quantity=4)

    tee.refresh_from_db()
    assert (tee.sku, tee.stock_quantity) == ("TEE-1", 4)


def test_a_sku_that_raced_past_the_check_is_the_same_field_error(monkeypatch):
    ProductFactory(sku="MUG-1")
    # As when two requests for the same new SKU both pass full_clean() before either saves.
    monkeypatch.setattr(Product, "validate_unique", lambda self, exclude=None: None)

    with pytest.raises(ValidationError) as refused:
        product_create(sku="MUG-1", name="Another mug", price=Decimal("3.00"))

    assert refused.value.message_dict == {"sku": ["Product with this SKU already exists."]}
    assert Product.objects.filter(sku="MUG-1").count() == 1
