"""The whole microshop system as real processes, for one test session.

It is prepared and started with the same code as ``make run`` (``microshop_common.processes``),
on free ports, in a state folder of its own, with databases and an events exchange
named after the run, so it never collides with a running ``make run`` or another
test run. Each process writes its own log file; a failing test shows them all.

The end-to-end journeys, the resilience journeys and the bench run it.
"""

import os
import shutil
import signal

# bandit B404: runs manage.py commands of the system under test, with argument lists and no shell.
import subprocess  # nosec B404
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from microshop_common.processes import (
    DEFAULT_FAKE_PORTS,
    DEFAULT_PORTS,
    System,
    local_secret_key,
    local_services,
    prepare,
)
from microshop_testing.environment import RAISED_THROTTLES
from microshop_testing.processes import ProcessGroup, free_ports

STARTUP_TIMEOUT = 90.0
LIVE_SETTINGS = "microshop_testing.live_settings"


class LiveSystem:
    """The services in ``repo_dir/services``, run as processes.

    ``purpose`` names the run's databases and exchange; logs go to
    ``repo_dir/reports/<purpose>-logs``, where CI collects them, and the rest of the state
    to ``state_dir``.
    """

    def __init__(self, state_dir: Path, *, repo_dir: Path, purpose: str = "e2e", web_workers: int = 1):
        self.run_id = uuid.uuid4().hex[:8]
        self.state_dir = state_dir
        self.log_dir = repo_dir / "reports" / f"{purpose}-logs"
        shutil.rmtree(self.log_dir, ignore_errors=True)
        self.log_dir.mkdir(parents=True)
        database_url = os.environ.get("DATABASE_URL", "")
        ports = dict(zip(DEFAULT_PORTS, free_ports(len(DEFAULT_PORTS)), strict=True))
        self.system = System(
            services=local_services(ports, repo_dir / "services"),
            state_dir=state_dir,
            database_url=with_database_prefix(database_url, f"{purpose}_{self.run_id}") if database_url else None,
            broker_url=os.environ.get("CELERY_BROKER_URL") or f"filesystem://{state_dir / 'broker'}",
            exchange=f"microshop.{purpose}-{self.run_id}",
            secret_key=local_secret_key(state_dir),
            # The fakes of outside services (the payment provider) on free ports too.
            fake_ports=dict(zip(DEFAULT_FAKE_PORTS, free_ports(len(DEFAULT_FAKE_PORTS)), strict=True)),
            settings_module=LIVE_SETTINGS,
        )
        self.specs = {
            spec.name: replace(spec, env={**RAISED_THROTTLES, **spec.env})
            for spec in self.system.processes(web_workers=web_workers)
        }
        self.processes = ProcessGroup(self.log_dir)

    def url(self, service: str) -> str:
        return self.system.service(service).url

    def fake_url(self, fake: str) -> str:
        """Where a fake of an outside service answers: ``fake_url("payment_provider")``."""
        return f"http://127.0.0.1:{self.system.fake_ports[fake]}"

    def reroute(self, service: str, **env: str) -> None:
        """Give every process of ``service`` these variables instead, before ``start``.

        ``reroute("orders", DATABASE_URL=proxy.url_for(...))`` sends its connections through
        a proxy that a journey can cut. Setting the service up still goes direct.
        """
        for name, spec in self.specs.items():
            if name.startswith(f"{service}-"):
                self.specs[name] = replace(spec, env={**spec.env, **env})

    def start(self) -> None:
        prepare(self.system, seed=True)
        for name in self.specs:
            self.start_process(name)
        self.wait_until_ready()

    def start_process(self, name: str) -> None:
        spec = self.specs[name]
        self.processes.start(name, spec.command, env=spec.env, cwd=spec.cwd)

    def stop_process(self, name: str, sig: signal.Signals = signal.SIGTERM) -> None:
        self.processes.stop(name, sig)

    def pid(self, name: str) -> int | None:
        """The process id of ``name`` (``orders-worker``) as it runs now; None while it is down."""
        return self.processes.supervisor.pid(name)

    def manage(self, service: str, *args: str) -> subprocess.CompletedProcess:
        """``manage.py <args>`` in ``service``'s folder and environment, as an operator runs it."""
        directory = self.system.service(service).directory
        # bandit B603: a manage.py command of the system under test, no shell.
        return subprocess.run(  # nosec B603
            [sys.executable, "manage.py", *args],
            cwd=directory,
            env=self.system.environment(self.system.service(service)),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def wait_until_ready(self) -> None:
        names = [service.name for service in self.system.services]
        self.processes.wait_until(
            lambda: all(self._ready(name) for name in names), timeout=STARTUP_TIMEOUT, what="every service to be ready"
        )

    def _ready(self, service: str) -> bool:
        try:
            return requests.get(f"{self.url(service)}/health/ready/", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def logs(self) -> str:
        return self.processes.logs()

    def stop(self) -> None:
        self.processes.stop_all()
        remove_broker_objects(self.system)
        if self.system.database_url:
            drop_databases(self.system)


def remove_broker_objects(system: System) -> None:
    """Delete the queues and exchanges a test's system declared: nobody else needs them.

    Each service has its events queue, bound to the system's topic exchange, and its tasks
    queue, which Celery declares with a direct exchange of the same name.
    """
    from kombu import Connection, Exchange, Queue

    from microshop_common.settings.celery import broker_transport_options, events_queue, tasks_queue
    from microshop_testing.broker import delete_from_broker

    tasks_queues = [tasks_queue(system.exchange, service=service.name) for service in system.services]
    queues = [events_queue(system.exchange, service=service.name) for service in system.services] + tasks_queues
    exchanges = [Exchange(name, type="direct") for name in tasks_queues] + [Exchange(system.exchange, type="topic")]
    with Connection(system.broker_url, transport_options=broker_transport_options(system.broker_url)) as connection:
        delete_from_broker(connection, queues=[Queue(name) for name in queues], exchanges=exchanges)


def drop_databases(system: System) -> None:
    """Drop the PostgreSQL databases of a test's system."""
    import psycopg

    assert system.database_url is not None
    server = urlsplit(system.database_url)
    admin_url = urlunsplit(server._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        for service in system.services:
            name = urlsplit(system.database_for(service)).path.strip("/")
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def with_database_prefix(database_url: str, prefix: str) -> str:
    """``DATABASE_URL`` naming the same server, with databases ``<prefix>_<service>``."""
    return urlunsplit(urlsplit(database_url)._replace(path=f"/{prefix}"))
