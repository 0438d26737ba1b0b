from dataclasses import asdict
from decimal import Decimal

import factory

from orders.clients.users import UserAccount
from orders.domain import OrderStatus, ProductInfo, ShippingAddress
from orders.models import Order, OrderItem


class ShippingAddressFactory(factory.Factory):
    class Meta:
        model = ShippingAddress

    street = factory.Faker("street_address")
    city = factory.Faker("city")
    state = factory.Faker("state")
    zip_code = factory.Faker("postcode")
    country = factory.Faker("country_code")


class OrderFactory(factory.django.DjangoModelFactory):
    """A pending order of two units at 12.50, with its one item."""

    class Meta:
        model = Order
        # The item is made after the order, and needs nothing saved on the order afterwards.
        skip_postgeneration_save = True

    user_id = factory.Sequence(lambda n: 1000 + n)
    status = OrderStatus.PENDING.value
    total = Decimal("25.00")
    shipping_address = factory.LazyFunction(lambda: asdict(ShippingAddressFactory()))
    payment_method = "tok_visa"
    item = factory.RelatedFactory("tests.factories.OrderItemFactory", factory_related_name="order")


class OrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory, item=None)
    product_id = factory.Sequence(lambda n: 100 + n)
    product_name = factory.Faker("sentence", nb_words=3)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    quantity = 2
    unit_price = Decimal("12.50")


class ProductInfoFactory(factory.Factory):
    """A product as inventory reports it."""

    class Meta:
        model = ProductInfo

    product_id = factory.Sequence(lambda n: 100 + n)
    name = factory.Faker("sentence", nb_words=3)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("12.50")
    stock_quantity = 10


class UserAccountFactory(factory.Factory):
    """An account as users reports it."""

    class Meta:
        model = UserAccount

    id = factory.Sequence(lambda n: 1000 + n)
    username = factory.Sequence(lambda n: f"customer{n}")
    email = factory.LazyAttribute(lambda account: f"{account.username}@example.com")
    is_active = True


def order_request(*lines: tuple[int, int], **overrides) -> dict:
    """The body of ``POST /api/orders/`` for ``(product_id, quantity)`` lines."""
    return {
        "items": [{"product_id": product_id, "quantity": quantity} for product_id, quantity in lines],
        "shipping_address": asdict(ShippingAddressFactory()),
        "payment_method": "tok_visa",
        **overrides,
    }
