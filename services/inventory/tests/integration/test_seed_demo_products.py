import pytest
from django.core.management import call_command

from inventory.management.commands.seed_demo_products import DEMO_PRODUCTS
from inventory.models import Product

pytestmark = pytest.mark.django_db


def test_seeding_adds_every_demo_product_with_stock():
    call_command("seed_demo_products")

    assert Product.objects.count() == len(DEMO_PRODUCTS)
    assert all(product.stock_quantity > 0 for product in Product.objects.all())


def test_seeding_again_keeps_what_is_there():
    call_command("seed_demo_products")
    Product.objects.filter(sku="MUG-001").update(stock_quantity=3)

    call_command("seed_demo_products")

    assert Product.objects.count() == len(DEMO_PRODUCTS)
    assert Product.objects.get(sku="MUG-001").stock_quantity == 3
