"""Payments as real processes, and the payment provider as a stub HTTP server it calls.

The in-process tests need none of this: they use the ``responses`` stub of
``tests/conftest.py``.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from microshop_testing.live_service import LiveService, live_service_environment, temporary_database
from tests.component.stub_servers import PaymentProviderStubServer

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def running_provider_server():
    with PaymentProviderStubServer() as server:
        yield server


@pytest.fixture(scope="module")
def payments(running_provider_server, tmp_path_factory, django_db_blocker):
    """Payments as real processes, on a database of its own, calling the stub provider, on this run's broker."""
    with (
        django_db_blocker.unblock(),
        temporary_database("payments") as database_url,
        LiveService(
            service_dir=SERVICE_DIR,
            env=live_service_environment(database_url=database_url, payment_provider=running_provider_server.url),
            log_dir=tmp_path_factory.mktemp("payments-logs"),
        ) as service,
    ):
        yield service


@pytest.fixture
def provider_server(running_provider_server) -> Iterator[PaymentProviderStubServer]:
    """The stub provider, with no charge made and failing nothing until the test says so."""
    with running_provider_server.serving_one_test() as server:
        yield server
