from decimal import Decimal

import factory

from inventory.models import Product


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Faker("sentence", nb_words=3)
    description = factory.Faker("paragraph")
    price = Decimal("10.00")
    stock_quantity = 10
