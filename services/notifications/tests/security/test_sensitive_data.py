"""No other customer's notifications, no trace of the server in any answer.

OWASP API3 Broken Object Property Level Authorization (excessive data exposure) and API8
Security Misconfiguration (stack traces and debug pages), with DEBUG off as in production.
"""

import pytest

from microshop_testing.security import (
    assert_no_error_reveals_the_server,
    assert_the_owners_data_reaches_no_other_customer,
    urlconf_with_failing_views,
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


def test_no_error_answer_shows_a_trace_a_page_or_what_failed(world, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = urlconf_with_failing_views()

    assert assert_no_error_reveals_the_server(world, tables.WRITES) > 5
