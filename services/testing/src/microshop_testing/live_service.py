"""One service as a black box: its API under gunicorn, its Celery worker, its outbox relay
and the commands of its own its registry table names (notifications' sweeper), set up and
started with the commands production uses (``microshop_common.processes``).
The processes do not know they are under test: they get ordinary settings
(``config.settings.base``) through ordinary variables.
"""

import contextlib
import subprocess
import sys
import uuid
from collections.abc import Collection, Iterator
from pathlib import Path
from urllib.parse import urlunsplit

import requests
from django.conf import settings
from django.db import connection

from microshop_common.processes import service_commands, setup_command
from microshop_testing.environment import RAISED_THROTTLES, RUN_DIR
from microshop_testing.processes import ProcessGroup, free_ports

STARTUP_TIMEOUT = 60.0


class LiveService:
    """A service as real processes: ``with LiveService(...) as service:`` sets it up and starts
    its API, worker, relay and own commands, and stops them however the block ends.

    ``processes`` names the ones to start (``("web",)``: the API alone); ``set_up=False``
    skips ``setup_service``, for a database the caller has migrated.
    """

    def __init__(
        self,
        *,
        service_dir: Path,
        env: dict[str, str],
        log_dir: Path,
        processes: Collection[str] | None = None,
        set_up: bool = True,
    ):
        self.name = service_dir.name
        self.service_dir = service_dir
        self.port = free_ports(1)[0]
        self.env = env
        self.commands = {
            name: command
            for name, command in service_commands(self.name, port=self.port, web_workers=1).items()
            if processes is None or name in processes
        }
        self.set_up = set_up
        self.processes = ProcessGroup(log_dir)
        self._consuming = contextlib.ExitStack()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        """Run a management command of the service, as an operator would; return its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=self.service_dir, env=self.env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def __enter__(self) -> "LiveService":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        from microshop_testing.worker import consuming_this_run_s_queues

        if "worker" in self.commands:
            self._consuming.enter_context(consuming_this_run_s_queues(f"the worker of {self.name} as a process"))
        if self.set_up:
            self.manage(*setup_command(seed=False))
        for process, command in self.commands.items():
            self.processes.start(process, command, env=self.env, cwd=self.service_dir)
        self.processes.wait_until(self._ready, timeout=STARTUP_TIMEOUT, what=f"{self.name} to be ready")

    def stop(self) -> None:
        from celery import current_app

        from microshop_testing.worker import delete_queues

        self.processes.stop_all()
        self._consuming.close()
        # The queues it declared are named after this run's exchange: nobody else needs them.
        delete_queues(current_app._get_current_object())

    def _ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/health/ready/", timeout=2).status_code == 200
        except requests.RequestException:
            return False


def live_service_environment(*, database_url: str, **service_urls: str) -> dict[str, str]:
    """The variables a deployment would set, pointing at this test run's broker, exchange and keys.

    ``service_urls``: ``users="http://127.0.0.1:5123"`` becomes ``USERS_URL``.
    """
    import os

    return {
        **RAISED_THROTTLES,
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EVENTS_EXCHANGE": settings.EVENTS_EXCHANGE,
        "JWT_KEYS_DIR": str(settings.JWT_KEYS_DIR),
        "SERVICE_TIMEOUT": "1",
        **{f"{name.upper()}_URL": url for name, url in service_urls.items()},
    }


@contextlib.contextmanager
def running_service(
    service_dir: Path,
    *,
    log_dir: Path,
    database_url: str | None = None,
    env: dict[str, str] | None = None,
    api_only: bool = False,
    **service_urls: str,
) -> Iterator[LiveService]:
    """The service in ``service_dir`` as real processes, until the block ends.

    On a database of its own (``temporary_database``), dropped afterwards, unless
    ``database_url`` names one. ``users=url`` becomes ``USERS_URL``; ``env`` adds variables of
    its own; ``api_only`` starts the API alone and does not set the database up (it must be
    migrated already). A pytest caller unblocks the test database first: creating one is
    reaching it.
    """
    with contextlib.ExitStack() as running:
        if database_url is None:
            database_url = running.enter_context(temporary_database(service_dir.name))
        yield running.enter_context(
            LiveService(
                service_dir=service_dir,
                env={**live_service_environment(database_url=database_url, **service_urls), **(env or {})},
                log_dir=log_dir,
                processes=("web",) if api_only else None,
                set_up=not api_only,
            )
        )


@contextlib.contextmanager
def temporary_database(service: str) -> Iterator[str]:
    """A database of its own for a service under test, on the server the tests use; dropped afterwards."""
    name = f"component_{service}_{uuid.uuid4().hex[:8]}"
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        path = RUN_DIR / f"{name}.sqlite3"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
        netloc = f"{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        yield urlunsplit(("postgres", netloc, f"/{name}", "", ""))
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
