"""Payments as real processes, and the payment provider as a stub HTTP server it calls.

The in-process tests need none of this: they use the ``responses`` stub of
``tests/conftest.py``.
"""

from collections.abc import Iterator

import pytest

from tests.component.stub_servers import PaymentProviderStubServer


@pytest.fixture(scope="module")
def running_provider_server():
    with PaymentProviderStubServer() as server:
        yield server


@pytest.fixture(scope="module")
def payments(running_provider_server, start_live_service):
    """Payments as real processes, on a database of its own, calling the stub provider, on this run's broker."""
    return start_live_service(payment_provider=running_provider_server.url)


@pytest.fixture
def provider_server(running_provider_server) -> Iterator[PaymentProviderStubServer]:
    """The stub provider, with no charge made and failing nothing until the test says so."""
    with running_provider_server.serving_one_test() as server:
        yield server
