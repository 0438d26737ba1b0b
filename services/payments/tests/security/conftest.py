import pytest

from microshop_testing.security import World
from tests.factories import PaymentFactory

OWNER_ID, OTHER_ID, STAFF_ID = 2001, 2002, 2003


@pytest.fixture
def world() -> World:
    """One payment of the owner's; the other customer has one of their own, so a list is never empty by accident."""
    payment = PaymentFactory(user_id=OWNER_ID)
    PaymentFactory(user_id=OTHER_ID)
    return World(owner_id=OWNER_ID, other_id=OTHER_ID, staff_id=STAFF_ID, params={"payment_id": payment.id})
