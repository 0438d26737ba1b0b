from pathlib import Path

import pytest

from microshop_testing.live_service import LiveService, live_service_environment, temporary_database

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def payments(tmp_path_factory, django_db_blocker):
    """The payments service as real processes, on a database of its own, talking to this run's broker."""
    with (
        django_db_blocker.unblock(),
        temporary_database("payments") as database_url,
        LiveService(
            service_dir=SERVICE_DIR,
            env=live_service_environment(database_url=database_url),
            log_dir=tmp_path_factory.mktemp("payments-logs"),
        ) as service,
    ):
        yield service
