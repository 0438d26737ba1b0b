import pytest
import responses

from tests.fakes import FakePaymentProvider
from tests.stubs import PaymentProviderStub


@pytest.fixture
def stubbed_http():
    """Every HTTP call made through ``requests`` during the test, answered by ``responses``.

    A call that no stub answers fails as if the connection were refused.
    """
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def provider_stub(stubbed_http, settings) -> PaymentProviderStub:
    return PaymentProviderStub(stubbed_http, settings.PAYMENT_PROVIDER_URL)


@pytest.fixture
def provider() -> FakePaymentProvider:
    return FakePaymentProvider()
