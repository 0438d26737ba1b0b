import pytest

from tests.fakes import FakePaymentProvider
from tests.stubs import PaymentProviderStub


@pytest.fixture
def provider_stub(stubbed_http, settings) -> PaymentProviderStub:
    return PaymentProviderStub(stubbed_http, settings.PAYMENT_PROVIDER_URL)


@pytest.fixture
def provider() -> FakePaymentProvider:
    return FakePaymentProvider()
