import pytest

from microshop_testing.security import World
from tests.factories import OrderFactory, ProductInfoFactory, UserAccountFactory


@pytest.fixture
def world(users_stub, inventory_stub) -> World:
    """The owner has a pending order; users knows all three customers, inventory one product in stock."""
    owner, other, staff = (users_stub.has(UserAccountFactory()) for _ in range(3))
    product = ProductInfoFactory(stock_quantity=100)
    inventory_stub.has(product)
    order = OrderFactory(user_id=owner.id)
    return World(
        owner_id=owner.id,
        other_id=other.id,
        staff_id=staff.id,
        params={"user_id": owner.id, "order_id": order.id},
        things={"product": product},
    )
