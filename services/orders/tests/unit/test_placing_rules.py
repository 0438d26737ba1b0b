"""Why ``order_place`` refuses an order, with fake clients.

Every refusal here comes before anything is saved: these tests have no database, and
pytest-django would fail any of them that tried to use one.
"""

import pytest

from orders.domain import InsufficientInventory, OrderLine, UnknownProduct
from orders.errors import CustomerCannotOrder, NeighbourUnavailable
from orders.services import order_place
from tests.factories import ProductInfoFactory, ShippingAddressFactory, UserAccountFactory
from tests.fakes import FakeInventoryClient, FakeUsersClient


def place(*, users: FakeUsersClient, inventory: FakeInventoryClient, user_id: int, lines: list[OrderLine]):
    return order_place(
        user_id=user_id,
        lines=lines,
        shipping_address=ShippingAddressFactory(),
        payment_method="tok_visa",
        users=users,
        inventory=inventory,
    )


def test_an_inactive_customer_cannot_order_and_inventory_is_not_asked():
    customer = UserAccountFactory(is_active=False)
    inventory = FakeInventoryClient(ProductInfoFactory(product_id=1))

    with pytest.raises(CustomerCannotOrder) as error:
        place(users=FakeUsersClient(customer), inventory=inventory, user_id=customer.id, lines=[OrderLine(1, 1)])

    assert error.value.code == "USER_INACTIVE"
    assert inventory.requested == []


def test_a_customer_users_does_not_know_cannot_order():
    with pytest.raises(CustomerCannotOrder) as error:
        place(users=FakeUsersClient(), inventory=FakeInventoryClient(), user_id=404, lines=[OrderLine(1, 1)])

    assert error.value.code == "USER_NOT_FOUND"
    assert error.value.detail == "User with ID 404 does not exist, so it cannot place orders"


def test_an_unknown_product_is_not_found_by_its_id():
    customer = UserAccountFactory()
    inventory = FakeInventoryClient(ProductInfoFactory(product_id=1))

    with pytest.raises(UnknownProduct) as error:
        place(users=FakeUsersClient(customer), inventory=inventory, user_id=customer.id, lines=[OrderLine(999, 1)])

    assert error.value.code == "PRODUCT_NOT_FOUND"
    assert error.value.detail == "Product with ID 999 does not exist"


def test_more_than_the_stock_on_hand_is_insufficient_inventory():
    customer = UserAccountFactory()
    inventory = FakeInventoryClient(ProductInfoFactory(product_id=1, stock_quantity=2))

    with pytest.raises(InsufficientInventory) as error:
        place(users=FakeUsersClient(customer), inventory=inventory, user_id=customer.id, lines=[OrderLine(1, 3)])

    assert error.value.code == "INSUFFICIENT_INVENTORY"
    assert "insufficient inventory" in error.value.detail


def test_users_being_down_is_users_unavailable():
    users = FakeUsersClient()
    users.goes_down()

    with pytest.raises(NeighbourUnavailable) as error:
        place(users=users, inventory=FakeInventoryClient(), user_id=1, lines=[OrderLine(1, 1)])

    assert error.value.code == "USERS_UNAVAILABLE"


def test_inventory_being_down_is_inventory_unavailable():
    customer = UserAccountFactory()
    inventory = FakeInventoryClient()
    inventory.goes_down()

    with pytest.raises(NeighbourUnavailable) as error:
        place(users=FakeUsersClient(customer), inventory=inventory, user_id=customer.id, lines=[OrderLine(1, 1)])

    assert error.value.code == "INVENTORY_UNAVAILABLE"


def test_an_order_needs_at_least_one_line():
    with pytest.raises(ValueError, match="at least one line"):
        place(users=FakeUsersClient(), inventory=FakeInventoryClient(), user_id=1, lines=[])
