"""No password hash, no other customer's data in any answer.

OWASP API3 Broken Object Property Level Authorization (excessive data exposure). The
check that no answer shows a trace of the server runs in every service, from
``microshop_testing.security_suite``.
"""

import pytest

from microshop_testing.security import (
    assert_the_owners_data_reaches_no_other_customer,
    client_as,
)
from tests.security import tables
from users.models import User

pytestmark = pytest.mark.django_db


def test_no_answer_carries_a_password_or_its_hash(world):
    staff, service = client_as("staff", world), client_as("owner", world)
    answers = [
        staff.get("/api/users/"),
        staff.get(f"/api/users/{world.owner_id}/"),
        service.get("/api/users/me/"),
        client_as("anonymous", world).post("/api/users/", tables.registration(world)),
        client_as("owner", world).patch(f"/api/users/{world.owner_id}/", tables.profile_change(world)),
    ]
    hashes = list(User.objects.values_list("password", flat=True))

    bodies = [answer.content.decode() for answer in answers]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 201, 200]
    assert not [body for body in bodies if "password" in body or any(hashed in body for hashed in hashes)]


def test_another_customer_sees_nothing_of_the_owner(world):
    owner = world.things["owner"]

    asked = assert_the_owners_data_reaches_no_other_customer(
        tables.AUTHORIZATION_MATRIX, world, [owner.email, owner.username, owner.last_name]
    )

    assert asked >= 4
