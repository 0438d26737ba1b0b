"""Fuzzing a service's API from its own OpenAPI document, with schemathesis, in process.

OWASP API8 Security Misconfiguration and API4 Unrestricted Resource Consumption: for
every operation of the document, schemathesis generates requests (valid ones, and ones
the document says are invalid), sends them to the service's WSGI application, and runs
every check it has on each answer: no 5xx, only documented status codes, content types
and headers, bodies that match the schema, invalid data refused, valid data accepted.
https://schemathesis.readthedocs.io/

The run is bounded and repeatable: ``EXAMPLES`` per operation and principal, derandomized
(Hypothesis picks its examples from a fixed seed), no deadline (the first request of a
run builds the schema). ``record_cases`` counts what ran; the plugin prints the total.
"""

from typing import Any

import pytest

EXAMPLES = 50


def service_schema(path: str = "/api/schema/") -> Any:
    """The service's document, read from its own WSGI application, which the cases are sent to."""
    import schemathesis
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi(path, get_wsgi_application())


def bounded(test):
    """Hypothesis settings of every fuzz test: ``EXAMPLES`` examples, the same ones on every run."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        # The database, the tokens and the stubs are the test's fixtures, meant to be shared by every example.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    )(test)


def every_check() -> list:
    """Every check schemathesis has, with one refinement of ``positive_data_acceptance``.

    A valid body can still be refused for what an OpenAPI document cannot say of a field:
    a username, an email or a SKU that another record has taken, which the services refuse
    with a 400 on that field alone (or a 409), as their documents say; and text holding a
    NUL character, which Django refuses in every text field with a 400 on that field
    (``ProhibitNullCharactersValidator``: PostgreSQL cannot store one). Any other refusal
    of valid data still fails.
    """
    from schemathesis.checks import CHECKS, load_all_checks
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    load_all_checks()

    def positive_data_acceptance_unless_undocumentable(ctx, response, case):
        if response.status_code == 409 or (response.status_code == 400 and _only_undocumentable_refusals(response)):
            return None
        return positive_data_acceptance(ctx, response, case)

    checks = [check for check in CHECKS.get_all() if check is not positive_data_acceptance]
    return [*checks, positive_data_acceptance_unless_undocumentable]


# Django's messages for a value taken by another record, and for text holding a NUL character.
UNDOCUMENTABLE_REFUSALS = ("already exists", "Null characters are not allowed.")


def _only_undocumentable_refusals(response) -> bool:
    try:
        fields = response.json().get("fields", {})
    except ValueError:
        return False
    messages = [message for messages in fields.values() if isinstance(messages, list) for message in messages]
    return bool(messages) and all(
        any(refusal in str(message) for refusal in UNDOCUMENTABLE_REFUSALS) for message in messages
    )


CASES = pytest.StashKey[dict[str, int]]()


def report(config, terminalreporter) -> None:
    counted = config.stash.get(CASES, None)
    if counted:
        terminalreporter.write_line(
            f"fuzzing: {counted['cases']} cases against {counted['operations']} operations and principals "
            f"(at most {EXAMPLES} examples each, derandomized)"
        )
