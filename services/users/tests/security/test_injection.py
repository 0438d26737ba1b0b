"""SQL, script and path traversal in every string field of every write, CR LF in the correlation id.

OWASP API8 Security Misconfiguration (injection) and API10 Unsafe Consumption of APIs:
what a client sends is data. Each injected string is stored and read back as sent, or
refused with a 4xx in the error shape; never a 500, never an HTML answer.
"""

import pytest

from microshop_testing.security import (
    assert_every_write_has_an_entry,
    assert_injections_are_inert,
    assert_the_correlation_header_never_splits,
)
from tests.security import tables

pytestmark = pytest.mark.django_db


def test_every_write_has_an_entry_in_the_injection_table():
    assert_every_write_has_an_entry(tables.WRITES, tables.__file__)


def test_injected_strings_are_stored_as_sent_or_refused_in_the_error_shape(world):
    assert_injections_are_inert(tables.WRITES, world)


def test_a_correlation_id_carrying_a_header_of_its_own_never_splits_an_answer(world):
    assert_the_correlation_header_never_splits(tables.AUTHORIZATION_MATRIX, world)
