"""No trace of the server in any answer.

OWASP API8 Security Misconfiguration (stack traces and debug pages), with DEBUG off as
in production. Nothing here belongs to one customer, so no answer can show another's.
"""

import pytest

from microshop_testing.security import assert_no_error_reveals_the_server, urlconf_with_failing_views
from tests.security import tables

pytestmark = pytest.mark.django_db


def test_no_error_answer_shows_a_trace_a_page_or_what_failed(world, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = urlconf_with_failing_views()

    assert assert_no_error_reveals_the_server(world, tables.WRITES) > 5
