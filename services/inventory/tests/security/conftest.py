import pytest

from microshop_testing.security import World
from tests.factories import ProductFactory


@pytest.fixture
def world() -> World:
    """One product; inventory knows no customer, so the three are ids of no one's in particular."""
    product = ProductFactory()
    return World(owner_id=2001, other_id=2002, staff_id=2003, params={"product_id": product.id})
