"""Every operation of the OpenAPI document of notifications, fuzzed by schemathesis with every check.

OWASP API8 Security Misconfiguration and API4 Unrestricted Resource Consumption: no
input, valid or not, sent by a customer or by staff, gets a 5xx or an answer the
document does not describe (microshop_testing.fuzzing says how, and how many).
"""

import pytest

from microshop_testing import fuzzing

pytestmark = pytest.mark.django_db

schema = fuzzing.service_schema()


@schema.parametrize()
@fuzzing.bounded
def test_no_request_gets_an_answer_the_document_does_not_describe(case, fuzz_authorization, fuzz_case_counter):
    case.call_and_validate(headers={"Authorization": fuzz_authorization}, checks=fuzzing.every_check())
    fuzz_case_counter["cases"] += 1
