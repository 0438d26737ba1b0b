import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings

from microshop_testing.live_service import STARTUP_TIMEOUT, LiveService, live_service_environment
from microshop_testing.processes import free_ports

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def users(start_live_service):
    """Users as real processes, on a database of its own, talking to this run's broker."""
    return start_live_service()


@pytest.fixture
def users_without_its_database(tmp_path_factory):
    """Only users' API (gunicorn, as deployed), configured with a database that is not there.

    ``LiveService.start`` migrates first and waits for readiness, neither of which can
    succeed here, so the API process is started alone and awaited on ``/health/``.
    """
    folder = tmp_path_factory.mktemp("users-without-database")
    service = LiveService(
        service_dir=SERVICE_DIR,
        env=live_service_environment(database_url=unreachable_database_url(folder / "missing")),
        log_dir=folder / "logs",
    )
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{service.port}"]
    service.processes.start("web", gunicorn, env=service.env, cwd=SERVICE_DIR)
    try:
        service.processes.wait_until(lambda: is_alive(service), timeout=STARTUP_TIMEOUT, what="users to answer")
        yield service
    finally:
        service.processes.stop_all()


def unreachable_database_url(missing_folder: Path) -> str:
    """A database of the kind this run uses, which cannot be opened: a PostgreSQL port nobody
    listens on, or a SQLite file in a folder that does not exist (SQLite creates no folders)."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{missing_folder / 'users.sqlite3'}"
    return f"postgres://postgres@127.0.0.1:{free_ports(1)[0]}/users"


def is_alive(service: LiveService) -> bool:
    try:
        return requests.get(f"{service.url}/health/", timeout=2).status_code == 200
    except requests.RequestException:
        return False
