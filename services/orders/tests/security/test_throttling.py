"""Orders are limited at the rate a deployment gets by default.

OWASP API4 Unrestricted Resource Consumption and API6 Unrestricted Access to Sensitive
Business Flows: every order reserves stock. THROTTLE_ORDERS is unset here.
"""

import pytest

from microshop_testing.security import assert_throttled, client_as
from tests.security import tables

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_throttle_rates")]


def test_the_thirty_first_order_of_one_customer_within_a_minute_gets_429(world):
    customer = client_as("owner", world)
    placed = [customer.post("/api/orders/", tables.an_order(world)) for _ in range(30)]

    assert [order.status_code for order in placed] == [201] * 30
    assert_throttled(customer.post("/api/orders/", tables.an_order(world)), within_seconds=60)
    assert client_as("other", world).post("/api/orders/", tables.an_order(world)).status_code == 201
