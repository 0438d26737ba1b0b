import pytest

from microshop_testing.pacts import recording_pacts


@pytest.fixture
def pact_with(request):
    """``pact_with("orders")``: payments' pact with a provider.

    Written to services/contracts/pacts/ when the test passes.
    """
    with recording_pacts(request) as pact_with:
        yield pact_with
