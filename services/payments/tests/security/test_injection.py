"""CR LF in the correlation id; and no write, so no injected string can reach the database.

OWASP API8 Security Misconfiguration (injection) and API10 Unsafe Consumption of APIs:
what a client sends is data. A service that takes writes sends every injection in every
string field of each (orders' test_injection.py); this one takes none, and says so.
"""

import pytest

from microshop_testing.security import assert_the_correlation_header_never_splits, write_routes
from tests.security import tables

pytestmark = pytest.mark.django_db


def test_payments_takes_no_write_from_a_client():
    # A write added here needs a WRITES entry and the injection test orders has.
    assert write_routes() == {}


def test_a_correlation_id_carrying_a_header_of_its_own_never_splits_an_answer(world):
    assert_the_correlation_header_never_splits(tables.AUTHORIZATION_MATRIX, world)
