"""Run the whole microshop system on this machine: four services, their workers and relays.

With no configuration it needs nothing but Python: every service gets a SQLite file
and all of them share the embedded (filesystem) broker, under the state folder. Point
it at real servers through the environment:

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/microshop   each service gets its own
                                                              database, microshop_<service>,
                                                              created if missing
  CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//       RabbitMQ

Other variables: EVENTS_EXCHANGE (default microshop.events), STAFF_USERNAME,
STAFF_PASSWORD, STAFF_EMAIL (the staff account, default admin / admin), EMAIL_URL.
Ctrl-C stops every process.
"""

import argparse
import os
import secrets
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from honcho.manager import Manager

SERVICES_DIR = Path(__file__).resolve().parent
REPO_DIR = SERVICES_DIR.parent
DEFAULT_PORTS = {"users": 8000, "orders": 8001, "inventory": 8003, "notifications": 8004}
CALLS = {"orders": ("users", "inventory"), "notifications": ("users",)}
STARTUP_TIMEOUT = 90.0


@dataclass(frozen=True)
class Service:
    name: str
    port: int

    @property
    def directory(self) -> Path:
        return SERVICES_DIR / self.name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class System:
    services: list[Service]
    state_dir: Path
    database_url: str | None
    broker_url: str
    exchange: str
    secret_key: str

    def service(self, name: str) -> Service:
        return next(service for service in self.services if service.name == name)

    def database_for(self, service: Service) -> str:
        if not self.database_url:
            return f"sqlite:///{self.state_dir / f'{service.name}.sqlite3'}"
        parts = urlsplit(self.database_url)
        prefix = parts.path.strip("/") or "microshop"
        return urlunsplit(parts._replace(path=f"/{prefix}_{service.name}"))

    def environment(self, service: Service) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_for(service),
            "CELERY_BROKER_URL": self.broker_url,
            "EVENTS_EXCHANGE": self.exchange,
            "JWT_KEYS_DIR": str(self.state_dir / "keys"),
        }
        for callee in CALLS.get(service.name, ()):
            env[f"{callee.upper()}_URL"] = self.service(callee).url
        return env

    def describe_backends(self) -> str:
        database = (
            f"PostgreSQL ({self.database_for(self.services[0]).rsplit('_', 1)[0]}_<service>)"
            if self.database_url
            else f"SQLite files in {self.state_dir}"
        )
        broker = "RabbitMQ" if self.broker_url.startswith("amqp") else f"embedded broker in {self.state_dir / 'broker'}"
        return f"database: {database}; broker: {broker}"


def local_secret_key(state_dir: Path) -> str:
    """A random Django secret key for this machine's local system, kept in the state folder."""
    path = state_dir / "secret_key"
    if not path.exists():
        state_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def say(message: str) -> None:
    print(f"microshop | {message}", flush=True)


def run_step(system: System, service: Service, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=service.directory,
        env=system.environment(service),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"microshop | `manage.py {' '.join(args)}` failed for {service.name}:\n{result.stdout}{result.stderr}"
        )


def run_in_parallel(steps: list[tuple[str, Callable[[], None]]]) -> None:
    failures: list[BaseException] = []

    def guarded(step):
        try:
            step()
        except BaseException as exc:  # reported below, after every step has finished
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(step,), name=label) for label, step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def create_postgres_databases(system: System) -> None:
    import psycopg

    server = urlsplit(system.database_url)
    admin_url = urlunsplit(server._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        for service in system.services:
            name = urlsplit(system.database_for(service)).path.strip("/")
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
                say(f"created database {name}")


def prepare(system: System, *, seed: bool) -> None:
    from microshop_common.keys import generate_all

    system.state_dir.mkdir(parents=True, exist_ok=True)
    generate_all(system.state_dir / "keys")
    if system.database_url:
        create_postgres_databases(system)

    started = time.monotonic()
    say("migrating databases and declaring queues ...")
    run_in_parallel(
        [
            (service.name, lambda service=service: run_step(system, service, "migrate", "--no-input"))
            for service in system.services
        ]
    )
    run_in_parallel(
        [
            (service.name, lambda service=service: run_step(system, service, "declare_queues"))
            for service in system.services
        ]
    )
    if seed:
        say("seeding demo products and the staff account ...")
        run_in_parallel(
            [
                ("inventory", lambda: run_step(system, system.service("inventory"), "seed_demo_products")),
                ("users", lambda: run_step(system, system.service("users"), "ensure_staff_user")),
            ]
        )
    say(f"prepared in {time.monotonic() - started:.1f}s")


def check_ports_free(system: System) -> None:
    for service in system.services:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", service.port)) == 0:
                raise SystemExit(
                    f"microshop | port {service.port} ({service.name}) is in use. Is microshop already running? "
                    "Stop it, or choose other ports with --ports."
                )


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    command: list[str]
    env: dict[str, str]
    cwd: Path


def system_processes(system: System, *, web_workers: int) -> list[ProcessSpec]:
    """Per service: the API under gunicorn, its Celery worker, and its outbox relay."""
    python = sys.executable
    processes = []
    for service in system.services:
        env, cwd = system.environment(service), service.directory
        processes += [
            ProcessSpec(
                f"{service.name}-web",
                [
                    python,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{service.port}",
                    "--workers",
                    str(web_workers),
                    "--threads",
                    "4",
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "5",
                ],
                env,
                cwd,
            ),
            ProcessSpec(
                f"{service.name}-worker",
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "1",
                    "--hostname",
                    f"{service.name}@%h",
                ],
                env,
                cwd,
            ),
            ProcessSpec(f"{service.name}-relay", [python, "manage.py", "relay_outbox"], env, cwd),
        ]
    return processes


def wait_until_ready(manager: Manager, system: System, started: float) -> None:
    """Poll every service's readiness endpoint; print where to go once all answer."""
    pending = {service.name: service for service in system.services}
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while pending and time.monotonic() < deadline:
        for name, service in list(pending.items()):
            try:
                with urllib.request.urlopen(f"{service.url}/health/ready/", timeout=2) as response:
                    if response.status == 200:
                        say(f"{name} is ready ({time.monotonic() - started:.1f}s)")
                        del pending[name]
            except (urllib.error.URLError, OSError):
                pass
        time.sleep(0.3)
    if pending:
        say(f"not ready after {STARTUP_TIMEOUT:.0f}s: {', '.join(pending)}; see the log above. Stopping.")
        manager.returncode = 1
        manager.terminate()
        return
    staff_user = os.environ.get("STAFF_USERNAME", "admin")
    staff_password = os.environ.get("STAFF_PASSWORD", "admin")
    lines = [
        "",
        f"microshop is up in {time.monotonic() - started:.1f}s ({system.describe_backends()})",
        "",
        *(f"  {service.name:<14} {service.url}/api/docs/" for service in system.services),
        "",
        f"  staff login:   {staff_user} / {staff_password}   (POST {system.service('users').url}/api/auth/login/)",
        f"  products:      {system.service('inventory').url}/api/products/",
        "",
        "Press Ctrl-C to stop.",
        "",
    ]
    print("\n".join(lines), flush=True)


def parse_ports(raw: str) -> dict[str, int]:
    try:
        ports = [int(part) for part in raw.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("give four port numbers, e.g. 8000,8001,8003,8004") from None
    if len(ports) != len(DEFAULT_PORTS):
        raise argparse.ArgumentTypeError(f"give {len(DEFAULT_PORTS)} ports, in the order {','.join(DEFAULT_PORTS)}")
    return dict(zip(DEFAULT_PORTS, ports, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=REPO_DIR / "var",
        help="where the SQLite files, the embedded broker and the keys live (default: var/)",
    )
    parser.add_argument(
        "--ports",
        type=parse_ports,
        default=DEFAULT_PORTS,
        help="ports of users,orders,inventory,notifications (default: 8000,8001,8003,8004)",
    )
    parser.add_argument("--no-seed", action="store_true", help="do not add demo products and the staff account")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes per service (default: 2)")
    args = parser.parse_args(argv)

    state_dir = args.state_dir.resolve()
    system = System(
        services=[Service(name, port) for name, port in args.ports.items()],
        state_dir=state_dir,
        database_url=os.environ.get("DATABASE_URL") or None,
        broker_url=os.environ.get("CELERY_BROKER_URL") or f"filesystem://{state_dir / 'broker'}",
        exchange=os.environ.get("EVENTS_EXCHANGE", "microshop.events"),
        secret_key=local_secret_key(state_dir),
    )
    started = time.monotonic()
    say(f"starting on {system.describe_backends()}")
    check_ports_free(system)
    prepare(system, seed=not args.no_seed)

    manager = Manager()
    for process in system_processes(system, web_workers=args.web_workers):
        manager.add_process(process.name, shlex.join(process.command), env=process.env, cwd=str(process.cwd))
    threading.Thread(target=wait_until_ready, args=(manager, system, started), daemon=True).start()
    manager.loop()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
