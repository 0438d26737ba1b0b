from pathlib import Path

import pytest

from microshop_testing.live_service import LiveService, live_service_environment
from microshop_testing.pacts import session_database_url

SERVICE_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def users_service(django_db_setup, tmp_path_factory):
    """Users as real processes (gunicorn, its worker and relay) on this test session's database,
    so that a provider state is the rows a test writes with its factories."""
    with LiveService(
        service_dir=SERVICE_DIR,
        env=live_service_environment(database_url=session_database_url()),
        log_dir=tmp_path_factory.mktemp("users-logs"),
    ) as service:
        yield service
