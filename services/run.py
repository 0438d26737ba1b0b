"""Run the whole microshop system on this machine: every service, with its worker, its relay and
the commands its registry table adds (notifications' sweeper), and the fakes of outside services.

With no configuration it needs nothing but Python: every service gets a SQLite file
and all of them share the embedded (filesystem) broker, under the state folder. Point
it at real servers through the environment:

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/microshop   each service gets its own
                                                              database, microshop_<service>,
                                                              created if missing
  CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//       RabbitMQ

Events go through one topic exchange, and every queue is named after it. Unless
EVENTS_EXCHANGE names it, it follows the databases, so two systems on one broker never
share a queue: microshop.events for the default PostgreSQL prefix (microshop) and for
SQLite files in var/; <prefix>.events for another prefix; microshop-<hash>.events for
SQLite files in another --state-dir (the hash is that of the folder's path).

Other variables: STAFF_USERNAME, STAFF_PASSWORD, STAFF_EMAIL (the staff account, default
admin / admin), EMAIL_URL.

Every process runs under one supervisor (microshop_common.supervisor), its output here
under its name. A process that exits is restarted, after 1 s, then 2 s, 4 s ... up to
30 s while it keeps exiting (1 s again once it has run for a minute), and the rest of
the system runs on. Ctrl-C (or SIGTERM) stops every process; a second Ctrl-C kills
them at once.
"""

import argparse
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from microshop_common.processes import (
    DEFAULT_FAKE_PORTS,
    DEFAULT_PORTS,
    WEB_WORKERS,
    SetupFailed,
    System,
    add_state_dir_option,
    local_system,
    prepare,
)
from microshop_common.supervisor import Supervisor, TerminalOutput

SERVICES_DIR = Path(__file__).resolve().parent
STARTUP_TIMEOUT = 90.0


def say(message: str) -> None:
    print(f"microshop | {message}", flush=True)


def check_ports_free(system: System) -> None:
    api_ports = {service.port for service in system.services}
    for port, listener in system.listening_ports().items():
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                remedy = "choose other ports with " + ("--ports" if port in api_ports else "--fake-ports")
                raise SystemExit(
                    f"microshop | port {port} ({listener}) is in use. Is microshop already running? "
                    f"Stop it, or {remedy}."
                )


def wait_until_ready(
    supervisor: Supervisor, output: TerminalOutput, system: System, *, started: float, failed: threading.Event
) -> None:
    """Poll every service's readiness endpoint; print where to go once all answer, or stop the system."""
    pending = {service.name: service for service in system.services}
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while pending and time.monotonic() < deadline:
        for name, service in list(pending.items()):
            try:
                # bandit B310: http URLs from the registry.
                with urllib.request.urlopen(f"{service.url}/health/ready/", timeout=2) as response:  # nosec B310
                    if response.status == 200:
                        output.note(f"{name} is ready ({time.monotonic() - started:.1f}s)")
                        del pending[name]
            except (urllib.error.URLError, OSError):
                pass
        time.sleep(0.3)
    if pending:
        output.note(f"not ready after {STARTUP_TIMEOUT:.0f}s: {', '.join(pending)}; see the log above. Stopping.")
        failed.set()
        supervisor.shutdown()
        return
    staff_user = os.environ.get("STAFF_USERNAME", "admin")
    staff_password = system.environment(system.service("users"))["STAFF_PASSWORD"]
    lines = [
        "",
        f"microshop is up in {time.monotonic() - started:.1f}s ({system.describe_backends()})",
        "",
        *(f"  {service.name:<14} {service.url}/api/docs/" for service in system.services),
        "",
        f"  staff login:   {staff_user} / {staff_password}   (POST {system.service('users').url}/api/auth/login/)",
        f"  products:      {system.service('inventory').url}/api/products/",
        f"  events:        exchange {system.exchange}, queues {system.exchange}.<service>",
        "",
        "A process that exits is restarted. Press Ctrl-C to stop.",
        "",
    ]
    output.write("\n".join(lines) + "\n")


def supervise(system: System, *, web_workers: int, started: float) -> int:
    """Run every process of the system until Ctrl-C or SIGTERM, restarting any that exits; 1 if it never got ready."""
    output = TerminalOutput()
    supervisor = Supervisor(output)
    for process in system.processes(web_workers=web_workers):
        supervisor.add(process)
    failed = threading.Event()
    threading.Thread(
        target=wait_until_ready,
        args=(supervisor, output, system),
        kwargs={"started": started, "failed": failed},
        daemon=True,
    ).start()
    supervisor.run()
    return 1 if failed.is_set() else 0


def ports_in_order(defaults: dict[str, int]) -> Callable[[str], dict[str, int]]:
    """An argparse type: ``9000,9001`` as ``{name: port}`` in the order of ``defaults``."""

    def parse(raw: str) -> dict[str, int]:
        try:
            ports = [int(part) for part in raw.split(",")]
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"give port numbers, e.g. {','.join(map(str, defaults.values()))}"
            ) from None
        if len(ports) != len(defaults):
            raise argparse.ArgumentTypeError(f"give {len(defaults)} ports, in the order {','.join(defaults)}")
        return dict(zip(defaults, ports, strict=True))

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_state_dir_option(parser, services_dir=SERVICES_DIR)
    parser.add_argument(
        "--ports",
        type=ports_in_order(DEFAULT_PORTS),
        default=DEFAULT_PORTS,
        help=f"ports of {','.join(DEFAULT_PORTS)} (default: {','.join(map(str, DEFAULT_PORTS.values()))})",
    )
    parser.add_argument(
        "--fake-ports",
        type=ports_in_order(DEFAULT_FAKE_PORTS),
        default=DEFAULT_FAKE_PORTS,
        help=(
            f"ports of the fakes of outside services, {','.join(DEFAULT_FAKE_PORTS)} "
            f"(default: {','.join(map(str, DEFAULT_FAKE_PORTS.values()))})"
        ),
    )
    parser.add_argument("--no-seed", action="store_true", help="do not add demo products and the staff account")
    parser.add_argument(
        "--web-workers",
        type=int,
        default=WEB_WORKERS,
        help=f"gunicorn processes per service (default: {WEB_WORKERS})",
    )
    args = parser.parse_args(argv)

    system = local_system(
        state_dir=args.state_dir.resolve(), ports=args.ports, services_dir=SERVICES_DIR, fake_ports=args.fake_ports
    )
    started = time.monotonic()
    say(f"starting on {system.describe_backends()}")
    check_ports_free(system)
    say("setting up every service ...")
    try:
        prepare(system, seed=not args.no_seed, report=say)
    except SetupFailed as failure:
        raise SystemExit(f"microshop | {failure}") from None
    say(f"prepared in {time.monotonic() - started:.1f}s")
    return supervise(system, web_workers=args.web_workers, started=started)


if __name__ == "__main__":
    sys.exit(main())
