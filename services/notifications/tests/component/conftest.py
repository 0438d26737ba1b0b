"""Notifications as real processes, started once for the suite's modules, with users as a stub
HTTP server it calls and a real SMTP server taking its mail.

The in-process tests need none of this: they use the ``responses`` stub of
``tests/conftest.py``.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from microshop_testing.live_service import LiveService, running_service
from microshop_testing.smtp import SmtpServer
from tests.component.stub_servers import UsersStubServer

SERVICE_DIR = Path(__file__).resolve().parents[2]

# The sweeper's settings, shortened so that a test waits seconds, not minutes: a retry half a
# second after the last attempt, a sweep every fifth of a second.
SWEEPER_SETTINGS = {"NOTIFICATION_RETRY_AFTER": "0.5", "NOTIFICATION_SWEEP_INTERVAL": "0.2"}


@pytest.fixture(scope="session")
def running_users_server():
    with UsersStubServer() as server:
        yield server


@pytest.fixture
def users_server(running_users_server) -> Iterator[UsersStubServer]:
    """The users stub, knowing nobody and failing nothing until the test says so."""
    with running_users_server.serving_one_test() as server:
        yield server


@pytest.fixture(scope="session")
def mail_server() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture(scope="session")
def notifications(tmp_path_factory, django_db_blocker, running_users_server, mail_server) -> Iterator[LiveService]:
    """Notifications as real processes (gunicorn, worker, relay and sweeper), on a database of its
    own, talking to this run's broker, with users answered by the stub server and e-mail sent
    to ``mail_server``.

    One start serves every module: each test makes customers and orders of its own, and
    reads only their notifications and mail.
    """
    env = {
        "EMAIL_URL": mail_server.email_url,
        "EMAIL_TIMEOUT": "5",
        **SWEEPER_SETTINGS,
        # Enough for the refusals of a test: none is given up while the server refuses.
        "NOTIFICATION_MAX_ATTEMPTS": "1000",
    }
    log_dir = tmp_path_factory.mktemp("notifications-logs")
    with (
        django_db_blocker.unblock(),
        running_service(SERVICE_DIR, log_dir=log_dir, env=env, users=running_users_server.url) as service,
    ):
        yield service
