import pytest

from microshop_testing.security import World
from tests.factories import UserFactory
from users.tokens import token_pair_for


@pytest.fixture
def world() -> World:
    """Ann owns the user id in every path; Bob is another customer; Sam is staff.

    Named here, not by Faker: a test looks for the owner's name in what Bob sees, and Faker
    could give Bob the same one.
    """
    owner = UserFactory(first_name="Ann", last_name="Archer")
    other = UserFactory(first_name="Bob", last_name="Baker")
    staff = UserFactory(first_name="Sam", last_name="Shaw", is_staff=True)
    return World(
        owner_id=owner.id,
        other_id=other.id,
        staff_id=staff.id,
        params={"user_id": owner.id},
        things={"owner": owner, "refresh_token": token_pair_for(owner).refresh_token},
    )
