"""Every microshop process, defined once: what each service runs, and the system they make on one machine.

A service is set up once (``manage.py`` steps: migrate, declare its queues, seeds), then
runs three long-lived processes from the same code and environment:

  web     its API under gunicorn
  worker  its Celery worker, consuming its events and tasks
  relay   its outbox relay, publishing what its transactions recorded

and any long-running ``manage.py`` commands of its own that its table in the registry
names under ``commands`` (notifications' ``sweeper``, which sends again the e-mail the
mail server did not take). Every process of a service is named ``<service>-<name>``:
``orders-worker``, ``notifications-sweeper``.

A service that calls an outside service (payments, the payment provider) names it among
its ``fakes`` in the registry: on one machine a fake process stands in for it, a WSGI
app in ``fake_<name>.py`` beside the service's ``manage.py``, served by gunicorn, and the
service gets ``<NAME>_URL``.

``make run`` (``services/run.py``), the component and end-to-end tests and the bench build
their commands here. What cannot import Python, ``docker-compose.yml`` and the services'
Dockerfiles, is held to this module by ``tests/static/test_compose_files.py``, so a change
made here and not there fails ``make lint``.

Nothing here imports Django or pytest: it is read before any service is configured.
"""

import argparse
import hashlib
import os
import secrets
import shlex

# bandit B404: runs the services and their tools, with argument lists and no shell.
import subprocess  # nosec B404
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from microshop_common import registry

# The ports each API answers on when the whole system runs on one machine or in compose.
DEFAULT_PORTS = registry.ports()
# Who calls whom over REST: each caller gets <CALLEE>_URL.
CALLS = {name: service.calls for name, service in registry.services().items() if service.calls}
# The long-running manage.py commands a service runs beside its web, worker and relay: {name: command line}.
OWN_COMMANDS = {name: dict(service.commands) for name, service in registry.services().items() if service.commands}
# The fakes of outside services: where each listens, and the service whose folder holds it.
DEFAULT_FAKE_PORTS = registry.fake_ports()
FAKE_OWNERS = {fake: service.name for service in registry.services().values() for fake, _ in service.fakes}
LOCAL_STAFF_PASSWORD = "admin"
# The prefix of the databases, `<prefix>_<service>`, when DATABASE_URL names a server and no prefix.
DEFAULT_DATABASE_PREFIX = "microshop"
WEB_WORKERS = 2
WEB_THREADS = 4
# Under `docker stop`'s 10 s before SIGKILL, so requests in flight finish; and Ctrl-C is quick.
WEB_GRACEFUL_TIMEOUT = 5
# gunicorn 27 opens a control socket for `gunicornc`, at one path for every master of a
# user (~/.gunicorn/gunicorn.ctl): the masters of make run, of a test run beside it and of
# the fakes would take it from each other, and the first to stop would remove it for all.
# Nothing here uses it. https://gunicorn.org/reference/settings/#control_socket_disable
NO_CONTROL_SOCKET = "--no-control-socket"

# manage.py steps, in order: every service is set up before any process starts, since the
# topic exchange drops an event published before its consumers' queues exist.
SETUP_STEPS = (("migrate", "--no-input"), ("declare_queues",))
SEED_STEPS = {"inventory": (("seed_demo_products",),), "users": (("ensure_staff_user",),)}


def web_command(
    *,
    port: int,
    workers: int = WEB_WORKERS,
    host: str = "127.0.0.1",
    application: str = "config.wsgi",
    python: str = sys.executable,
) -> list[str]:
    return [
        *(python, "-m", "gunicorn", application, "--bind", f"{host}:{port}"),
        *("--workers", str(workers), "--threads", str(WEB_THREADS)),
        *("--graceful-timeout", str(WEB_GRACEFUL_TIMEOUT), "--access-logfile", "-", NO_CONTROL_SOCKET),
    ]


def worker_command(service: str, *, app: str = "config", python: str = sys.executable) -> list[str]:
    # One task at a time, each acknowledged late (see microshop_common.settings); the node
    # name tells the workers of several services on one broker apart. Mingle, gossip and
    # the heartbeat events serve remote control and monitors such as Flower, which the
    # workers turn off (WORKER_BEHAVIOUR): without them a worker consumes from the moment
    # it is up, instead of a second later after asking for neighbours no one answers for,
    # and none of them publishes or reads a heartbeat every two seconds.
    # https://docs.celeryq.dev/en/stable/reference/cli.html#celery-worker
    return [
        *(python, "-m", "celery", "-A", app, "worker"),
        *("--loglevel", "INFO", "--concurrency", "1", "--hostname", f"{service}@%h"),
        *("--without-mingle", "--without-gossip", "--without-heartbeat"),
    ]


def fake_command(name: str, *, port: int, host: str = "127.0.0.1", python: str = sys.executable) -> list[str]:
    # One worker: a fake keeps what it was asked in its memory, which a second worker
    # would not share. Threads let it answer a retry while an earlier call is held back.
    return [
        *(python, "-m", "gunicorn", f"fake_{name}", "--bind", f"{host}:{port}"),
        *("--workers", "1", "--threads", str(WEB_THREADS), "--access-logfile", "-", NO_CONTROL_SOCKET),
    ]


def fake_process_name(name: str) -> str:
    """``payment-provider``: the name of a fake's process, and of its container in compose."""
    return name.replace("_", "-")


def relay_command(*, python: str = sys.executable) -> list[str]:
    return [python, "manage.py", "relay_outbox"]


def own_command(line: str, *, python: str = sys.executable) -> list[str]:
    """A command a service names under ``commands`` in the registry: ``send_pending_notifications``
    becomes ``python manage.py send_pending_notifications``."""
    return [python, "manage.py", *shlex.split(line)]


def service_commands(
    service: str, *, port: int, web_workers: int = WEB_WORKERS, host: str = "127.0.0.1", python: str = sys.executable
) -> dict[str, list[str]]:
    """``{"web": [...], "worker": [...], "relay": [...]}``, then the service's own commands
    (``"sweeper": [...]``), each run in the service's folder."""
    return {
        "web": web_command(port=port, workers=web_workers, host=host, python=python),
        "worker": worker_command(service, python=python),
        "relay": relay_command(python=python),
        **{name: own_command(line, python=python) for name, line in OWN_COMMANDS.get(service, {}).items()},
    }


def setup_steps(service: str, *, seed: bool) -> list[tuple[str, ...]]:
    """The ``manage.py`` arguments that set a service up, in order; ``seed`` adds its demo data."""
    return [*SETUP_STEPS, *(SEED_STEPS.get(service, ()) if seed else ())]


def setup_command(*, seed: bool) -> tuple[str, ...]:
    """``manage.py setup_service``, which runs every step of ``setup_steps`` in one process:
    each process pays Django's start-up, a few seconds of CPU."""
    return ("setup_service", "--seed") if seed else ("setup_service",)


class SetupFailed(RuntimeError):
    """A ``manage.py`` step of a service's setup failed; the message holds what it printed."""


@dataclass(frozen=True)
class Service:
    name: str
    port: int
    directory: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    command: list[str]
    env: dict[str, str]
    cwd: Path


@dataclass(frozen=True)
class System:
    """The four services on this machine, on one database server (or SQLite files) and one broker."""

    services: list[Service]
    state_dir: Path
    database_url: str | None
    broker_url: str
    exchange: str
    secret_key: str
    # Where each fake listens; the registry's ports unless a test or the bench picks free ones.
    fake_ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_FAKE_PORTS))
    # Every service's own settings; a test system may run them through a module that changes a few.
    settings_module: str = "config.settings.base"

    def service(self, name: str) -> Service:
        return next(service for service in self.services if service.name == name)

    def database_for(self, service: Service) -> str:
        if not self.database_url:
            return f"sqlite:///{self.state_dir / f'{service.name}.sqlite3'}"
        prefix = database_prefix(self.database_url)
        return urlunsplit(urlsplit(self.database_url)._replace(path=f"/{prefix}_{service.name}"))

    def environment(self, service: Service) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DJANGO_SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_for(service),
            "CELERY_BROKER_URL": self.broker_url,
            "EVENTS_EXCHANGE": self.exchange,
            "JWT_KEYS_DIR": str(self.state_dir / "keys"),
            # The staff account of the local demo; compose and deployments set their own.
            "STAFF_PASSWORD": os.environ.get("STAFF_PASSWORD", LOCAL_STAFF_PASSWORD),
        }
        for callee in CALLS.get(service.name, ()):
            env[f"{callee.upper()}_URL"] = self.service(callee).url
        for fake, owner in FAKE_OWNERS.items():
            if owner == service.name:
                env[f"{fake.upper()}_URL"] = f"http://127.0.0.1:{self.fake_ports[fake]}"
        return env

    def listening_ports(self) -> dict[int, str]:
        """Every port the system listens on, and what listens there: each API, then each fake."""
        running = {service.name for service in self.services}
        return {
            **{service.port: service.name for service in self.services},
            **{self.fake_ports[fake]: f"the fake {fake}" for fake, owner in FAKE_OWNERS.items() if owner in running},
        }

    def processes(self, *, web_workers: int = WEB_WORKERS) -> list[ProcessSpec]:
        """Per service, its web, worker and relay processes and its own commands, named
        ``<service>-<process>``; then the fakes."""
        running = {service.name: service for service in self.services}
        fakes = [
            ProcessSpec(
                fake_process_name(fake),
                fake_command(fake, port=self.fake_ports[fake]),
                {**os.environ, "PYTHONUNBUFFERED": "1"},
                running[owner].directory,
            )
            for fake, owner in FAKE_OWNERS.items()
            if owner in running
        ]
        return [
            ProcessSpec(f"{service.name}-{process}", command, self.environment(service), service.directory)
            for service in self.services
            for process, command in service_commands(service.name, port=service.port, web_workers=web_workers).items()
        ] + fakes

    def describe_backends(self) -> str:
        database = (
            f"PostgreSQL ({self.database_for(self.services[0]).rsplit('_', 1)[0]}_<service>)"
            if self.database_url
            else f"SQLite files in {self.state_dir}"
        )
        broker = "RabbitMQ" if self.broker_url.startswith("amqp") else f"embedded broker in {self.state_dir / 'broker'}"
        return f"database: {database}; broker: {broker}"


def local_services(ports: dict[str, int], services_dir: Path) -> list[Service]:
    """``{"users": 8000, ...}`` as services whose code is in ``services_dir/<name>``."""
    return [Service(name, port, services_dir / name) for name, port in ports.items()]


def default_state_dir(services_dir: Path) -> Path:
    """``var/``, beside the folder of the services' code."""
    return services_dir.parent / "var"


def add_state_dir_option(parser: argparse.ArgumentParser, *, services_dir: Path) -> None:
    """``--state-dir``, as ``make run`` and ``make manage`` both take it: given alike, they reach one system."""
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=default_state_dir(services_dir),
        help="where the SQLite files, the embedded broker and the keys live, the same for make run and make manage "
        "(default: var/)",
    )


def local_system(
    *, state_dir: Path, ports: dict[str, int], services_dir: Path, fake_ports: dict[str, int] | None = None
) -> System:
    """The system ``make run`` runs on this machine, as ``make manage`` reaches it too.

    Its database and broker are those ``DATABASE_URL`` and ``CELERY_BROKER_URL`` name, else
    the embedded ones under ``state_dir``; its exchange is ``EVENTS_EXCHANGE``'s, else one
    named after its databases (:func:`local_events_exchange`).
    """
    database_url = os.environ.get("DATABASE_URL") or None
    return System(
        services=local_services(ports, services_dir),
        state_dir=state_dir,
        database_url=database_url,
        broker_url=os.environ.get("CELERY_BROKER_URL") or f"filesystem://{state_dir / 'broker'}",
        exchange=local_events_exchange(
            configured=os.environ.get("EVENTS_EXCHANGE") or None,
            database_url=database_url,
            state_dir=state_dir,
            default_state_dir=default_state_dir(services_dir),
        ),
        secret_key=local_secret_key(state_dir),
        fake_ports=dict(fake_ports or DEFAULT_FAKE_PORTS),
    )


def database_prefix(database_url: str) -> str:
    """The prefix of a system's databases on a server: the path of ``DATABASE_URL``, or ``microshop``."""
    return urlsplit(database_url).path.strip("/") or DEFAULT_DATABASE_PREFIX


def local_events_exchange(
    *, configured: str | None, database_url: str | None, state_dir: Path, default_state_dir: Path
) -> str:
    """The events exchange of a system on this machine: ``configured`` if set, else one named after its databases.

    Every queue is named after the exchange (``<exchange>.<service>``), and a broker keeps
    queues and the messages in them from one run to the next: two systems on one broker
    with one exchange would consume each other's events, whatever their databases. So,
    unless ``EVENTS_EXCHANGE`` names one (``configured``), the exchange follows the data:

      PostgreSQL  ``<prefix>.events``, the prefix of ``DATABASE_URL``'s databases:
                  ``microshop.events`` for the default prefix, ``microshop``
      SQLite      ``microshop.events`` in the default state folder (``var/``); in any
                  other, ``microshop-<8 hex digits of a hash of the folder's path>.events``

    A configured name is kept exactly as it is: clients outside the system bind to it.
    """
    if configured:
        return configured
    if database_url:
        return f"{database_prefix(database_url)}.events"
    if state_dir.resolve() == default_state_dir.resolve():
        return f"{DEFAULT_DATABASE_PREFIX}.events"
    folder_hash = hashlib.sha256(str(state_dir.resolve()).encode()).hexdigest()[:8]
    return f"{DEFAULT_DATABASE_PREFIX}-{folder_hash}.events"


def local_secret_key(state_dir: Path) -> str:
    """A random Django secret key for this machine's local system, kept in the state folder."""
    path = state_dir / "secret_key"
    if not path.exists():
        state_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def prepare(system: System, *, seed: bool, report: Callable[[str], None] = lambda message: None) -> None:
    """Keys, databases, then every service's ``setup_service``, all at once."""
    from microshop_common.keys import generate_all

    system.state_dir.mkdir(parents=True, exist_ok=True)
    generate_all(system.state_dir / "keys")
    if system.database_url:
        for name in create_postgres_databases(system):
            report(f"created database {name}")
    _run_in_parallel(
        [lambda service=service: run_step(system, service, *setup_command(seed=seed)) for service in system.services]
    )


def run_step(system: System, service: Service, *args: str) -> None:
    # bandit B603: a manage.py command this module names, no shell.
    result = subprocess.run(  # nosec B603
        [sys.executable, "manage.py", *args],
        cwd=service.directory,
        env=system.environment(service),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SetupFailed(f"`manage.py {' '.join(args)}` failed for {service.name}:\n{result.stdout}{result.stderr}")


def create_postgres_databases(system: System) -> list[str]:
    """Create each service's database on the server if it is missing; return the names created."""
    import psycopg

    server = urlsplit(system.database_url)
    admin_url = urlunsplit(server._replace(scheme="postgresql", path="/postgres"))
    created = []
    with psycopg.connect(admin_url, autocommit=True) as connection:
        for service in system.services:
            name = urlsplit(system.database_for(service)).path.strip("/")
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
                created.append(name)
    return created


def _run_in_parallel(steps: list[Callable[[], None]]) -> None:
    failures: list[BaseException] = []

    def guarded(step: Callable[[], None]) -> None:
        try:
            step()
        except BaseException as exc:  # raised below, once every step has finished
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
