import pytest

from microshop_testing.security import World
from tests.factories import ItemFactory


@pytest.fixture
def world() -> World:
    """One item; payments knows no customer, so the three are ids of no one's in particular."""
    item = ItemFactory()
    return World(owner_id=2001, other_id=2002, staff_id=2003, params={"item_id": item.id})
