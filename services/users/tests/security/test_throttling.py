"""Logins and registrations are limited at the rates a deployment gets by default.

OWASP API4 Unrestricted Resource Consumption and API6 Unrestricted Access to Sensitive
Business Flows: each login and registration costs a full password hash, and guessing a
password takes many logins. THROTTLE_LOGIN and THROTTLE_REGISTER are unset here.
"""

import pytest
from rest_framework.test import APIClient

from microshop_testing.security import assert_throttled
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_throttle_rates")]


def login(address: str, username: str):
    return APIClient(REMOTE_ADDR=address).post("/api/auth/login/", {"username": username, "password": "wrong guess"})


def register(address: str, username: str):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/users/", {"username": username, "email": f"{username}@example.com", "password": "correct horse 42"}
    )


def test_the_default_limits_are_those_the_deployment_guide_names(default_throttle_rates):
    assert default_throttle_rates == {"login": "10/min", "register": "20/hour", "orders": "30/min"}


def test_the_eleventh_login_from_one_address_within_a_minute_gets_429():
    attempts = [login("10.1.0.1", f"guess{n}") for n in range(10)]

    assert [attempt.status_code for attempt in attempts] == [401] * 10
    assert_throttled(login("10.1.0.1", "guess10"), within_seconds=60)


def test_the_eleventh_login_to_one_account_within_a_minute_gets_429_from_any_address():
    ada = UserFactory()
    attempts = [login(f"10.2.0.{n}", ada.username) for n in range(10)]

    assert [attempt.status_code for attempt in attempts] == [401] * 10
    assert_throttled(login("10.2.1.1", ada.username), within_seconds=60)


def test_the_twenty_first_registration_from_one_address_within_an_hour_gets_429():
    registrations = [register("10.3.0.1", f"newcomer{n}") for n in range(20)]

    assert [registration.status_code for registration in registrations] == [201] * 20
    assert_throttled(register("10.3.0.1", "newcomer20"), within_seconds=3600)
