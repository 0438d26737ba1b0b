"""Run a service's manage.py against the system `make run` runs on this machine.

  make manage SERVICE=orders ARGS="dead_letters list"

The command gets the environment `make run` gives the service's own processes: its
database and the broker (the embedded ones under var/, or those DATABASE_URL and
CELERY_BROKER_URL name, each service in its own database), the events exchange
(EVENTS_EXCHANGE), the secret key and the keys. Paths in ARGS are read from the
folder make runs in, the repository's root.
"""

import argparse

# bandit B404: runs a service's manage.py, with an argument list and no shell.
import subprocess  # nosec B404
import sys
from pathlib import Path

from microshop_common.processes import DEFAULT_PORTS, add_state_dir_option, local_system

SERVICES_DIR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make manage", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_state_dir_option(parser, services_dir=SERVICES_DIR)
    parser.add_argument("service", choices=list(DEFAULT_PORTS), help="whose manage.py to run")
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="the manage.py command and its arguments")
    args = parser.parse_args(argv)

    system = local_system(state_dir=args.state_dir.resolve(), ports=DEFAULT_PORTS, services_dir=SERVICES_DIR)
    service = system.service(args.service)
    # bandit B603: this interpreter and a service's manage.py, no shell.
    command = [sys.executable, str(service.directory / "manage.py"), *args.arguments]
    return subprocess.run(command, env=system.environment(service)).returncode  # nosec B603


if __name__ == "__main__":
    sys.exit(main())
