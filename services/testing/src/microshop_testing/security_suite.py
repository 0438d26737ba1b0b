"""The tests every service's security layer runs on its own tables, written once.

A service declares what is its own in its ``tests/security/``: who may do what on every
route (``tables.AUTHORIZATION_MATRIX``), what every write accepts (``tables.WRITES``) and
the objects they run against (the ``world`` fixture of its ``conftest.py``). The plugin
collects the tests below from that ``tables.py``, so a service's run names them
``tests/security/tables.py::test_every_route_has_a_row_in_the_matrix`` and so on; the
tests of what one service alone must guard (``test_sensitive_data.py``,
``test_throttling.py``) stay beside its tables.

OWASP API Security Top 10 (2023), https://owasp.org/API-Security/editions/2023/en/0x11-t10/:

- the authorization matrix: API1 Broken Object Level Authorization, API2 Broken
  Authentication, API5 Broken Function Level Authorization (``microshop_testing.security``
  explains the columns);
- injection: API8 Security Misconfiguration and API10 Unsafe Consumption of APIs, what a
  client sends is data. Each injected string, SQL, script or path traversal, in every
  string field of every write, is stored and read back as sent, or refused with a 4xx in
  the error shape; never a 500, never an HTML answer. A service that takes no write has
  nothing to inject into, and runs only the check that it has none;
- fuzzing: API8 and API4 Unrestricted Resource Consumption, every operation of the
  service's OpenAPI document, whatever a customer or staff sends, gets no 5xx and no
  answer the document does not describe (``microshop_testing.fuzzing`` says how, and how many);
- no trace of the server: API8, with DEBUG off as in production, every error answer,
  a view that fails unexpectedly's included, is JSON in the error shape, with no stack
  trace, debug page or word of what failed.
"""

from collections.abc import Callable
from types import ModuleType

import pytest

from microshop_testing import fuzzing
from microshop_testing.security import (
    assert_every_route_has_a_row,
    assert_every_write_has_an_entry,
    assert_injections_are_inert,
    assert_matrix,
    assert_no_error_reveals_the_server,
    assert_the_correlation_header_never_splits,
    routes,
    urlconf_with_failing_views,
)

pytestmark = pytest.mark.django_db
# Read from the service's own WSGI application when the plugin first collects a service's tables.
schema = fuzzing.service_schema()


def test_every_route_has_a_row_in_the_matrix(security_tables):
    assert_every_route_has_a_row(security_tables.AUTHORIZATION_MATRIX, security_tables.__file__)


def test_every_principal_gets_what_the_matrix_says_on_every_route(security_tables, world):
    assert_matrix(security_tables.AUTHORIZATION_MATRIX, world)


def test_every_write_has_an_entry_in_the_injection_table(security_tables):
    assert_every_write_has_an_entry(security_tables.WRITES, security_tables.__file__)


def test_injected_strings_are_stored_as_sent_or_refused_in_the_error_shape(security_tables, world):
    assert_injections_are_inert(security_tables.WRITES, world)


def test_a_correlation_id_carrying_a_header_of_its_own_never_splits_an_answer(security_tables, world):
    assert_the_correlation_header_never_splits(security_tables.AUTHORIZATION_MATRIX, world)


def test_no_error_answer_shows_a_trace_a_page_or_what_failed(security_tables, world, settings):
    every_route = routes()
    settings.DEBUG = False
    settings.ROOT_URLCONF = urlconf_with_failing_views()

    # The two failing views and an unknown URL, then every route of the service at least once.
    assert assert_no_error_reveals_the_server(world, security_tables.WRITES) >= 3 + len(every_route)


@schema.parametrize()
@fuzzing.bounded
def test_no_request_gets_an_answer_the_document_does_not_describe(case, fuzz_authorization, fuzz_case_counter):
    case.call_and_validate(headers={"Authorization": fuzz_authorization}, checks=fuzzing.every_check())
    fuzz_case_counter["cases"] += 1


def tests_for(tables: ModuleType) -> list[Callable]:
    """The tests above that apply to a service with these tables, in the order they run."""
    tests = [
        test_every_route_has_a_row_in_the_matrix,
        test_every_principal_gets_what_the_matrix_says_on_every_route,
        test_every_write_has_an_entry_in_the_injection_table,
        test_injected_strings_are_stored_as_sent_or_refused_in_the_error_shape,
        test_a_correlation_id_carrying_a_header_of_its_own_never_splits_an_answer,
        test_no_error_answer_shows_a_trace_a_page_or_what_failed,
        test_no_request_gets_an_answer_the_document_does_not_describe,
    ]
    if not tables.WRITES:
        tests.remove(test_injected_strings_are_stored_as_sent_or_refused_in_the_error_shape)
    return tests


def with_tests(tables: ModuleType) -> ModuleType:
    """A service's tables with the tests that apply to them: the module pytest collects from its ``tables.py``."""
    module = ModuleType(tables.__name__, tables.__doc__)
    vars(module).update(vars(tables), pytestmark=pytestmark)
    vars(module).update({test.__name__: test for test in tests_for(tables)})
    return module
