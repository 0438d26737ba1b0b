"""No other customer's notifications in any answer.

OWASP API3 Broken Object Property Level Authorization (excessive data exposure). The
check that no answer shows a trace of the server runs in every service, from
``microshop_testing.security_suite``.
"""

import pytest

from microshop_testing.security import (
    assert_the_owners_data_reaches_no_other_customer,
)
from notifications.models import Notification
from tests.security import tables

pytestmark = pytest.mark.django_db


def test_another_customer_sees_nothing_of_the_owners_notifications(world):
    notification = Notification.objects.get(user_id=world.owner_id)

    asked = assert_the_owners_data_reaches_no_other_customer(
        tables.AUTHORIZATION_MATRIX, world, [notification.subject, notification.recipient]
    )

    assert asked >= 1
