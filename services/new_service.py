"""Add a service to microshop: render services/template/ into services/<name>/ and register it.

  python services/new_service.py shipping              on the lowest free port from 8000 up
  python services/new_service.py shipping --port 8010

``make new-service NAME=shipping [PORT=8010]`` runs it. It refuses, with a one-line reason
on stderr, exit status 2 and nothing written: a name that is not a lower-case Python
identifier, a name already taken (a registered service, a folder of services/, a
first-party package or an installed module), and a port a registered service has. Then:

  1. renders services/template/ with copier into services/<name>/: an example model
     (Item), its API, a migration, and tests of every layer;
  2. appends the service's table to services/common/src/microshop_common/registry.toml;
  3. adds <name> to the first-party packages of .ruff.toml, and lets ruff sort its imports;
  4. writes its OpenAPI document, services/contracts/openapi/<name>.yaml;
  5. runs services/registry_sync.py, where it exists, which brings the compose files,
     the CI workflow and the database init in line with the registry.

If a step fails, what the earlier steps wrote is taken back.
"""

import argparse
import importlib.util
import keyword
import re
import shutil

# bandit B404: the generator runs copier and the registry sync, no shell.
import subprocess  # nosec B404
import sys
import time
import tomllib
from pathlib import Path

import copier

from microshop_common.registry import SERVICE_NAME, Service, registry_table, services
from microshop_testing.openapi import generate

SERVICES_DIR = Path(__file__).resolve().parent
REPO_DIR = SERVICES_DIR.parent
TEMPLATE_DIR = SERVICES_DIR / "template"
# This checkout's registry, named by path: the installed microshop_common may be another checkout's.
REGISTRY_FILE = SERVICES_DIR / "common" / "src" / "microshop_common" / "registry.toml"
RUFF_CONFIG = REPO_DIR / ".ruff.toml"
OPENAPI_DIR = SERVICES_DIR / "contracts" / "openapi"
REGISTRY_SYNC = SERVICES_DIR / "registry_sync.py"
# What registry_sync.py rewrites, kept to be put back if a step fails.
SYNCED_FILES = (
    REPO_DIR / "docker-compose.yml",
    REPO_DIR / ".github" / "workflows" / "ci.yml",
    SERVICES_DIR / "compose" / "postgres-init.sql",
)
FIRST_PORT = 8000
# Below 1024 a port needs root; above 65535 there is none.
PORTS = range(1024, 65536)
FIRST_PARTY_LIST = re.compile(r"(known-first-party = \[\n(?:.*\n)*?)(\])")


class Refused(Exception):
    """Why the service cannot be added, in one line."""


def first_party_packages() -> list[str]:
    return tomllib.loads(RUFF_CONFIG.read_text())["lint"]["isort"]["known-first-party"]


def check_name(name: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise Refused(f"{name!r} is not a valid Python identifier, so it cannot name the service's package")
    if not SERVICE_NAME.fullmatch(name):
        raise Refused(f"{name!r}: a service's name is lower-case letters, digits and _, starting with a letter")
    if name in services(REGISTRY_FILE):
        raise Refused(f"{name!r} is taken: the registry already has a service of that name")
    if (SERVICES_DIR / name).exists():
        raise Refused(f"{name!r} is taken: services/{name} already exists")
    if name in first_party_packages():
        raise Refused(f"{name!r} is taken: it is one of the first-party packages in .ruff.toml")
    if importlib.util.find_spec(name) is not None:
        raise Refused(f"{name!r} is taken: a module of that name is installed, and the service's package would hide it")


def check_port(port: int) -> None:
    if port not in PORTS:
        raise Refused(f"port {port} is not one a service can listen on: choose from {PORTS.start} to {PORTS.stop - 1}")
    taken = {service.port: service.name for service in services(REGISTRY_FILE).values()}
    if port in taken:
        raise Refused(f"port {port} is taken by {taken[port]}")


def lowest_free_port() -> int:
    taken = {service.port for service in services(REGISTRY_FILE).values()}
    return next(port for port in range(FIRST_PORT, PORTS.stop) if port not in taken)


def with_first_party(config: str, name: str) -> str:
    """``.ruff.toml``'s text with ``name`` last in ``known-first-party``."""
    changed, found = FIRST_PARTY_LIST.subn(lambda match: f'{match[1]}    "{name}",\n{match[2]}', config, count=1)
    if not found:
        raise RuntimeError(f"{RUFF_CONFIG.name} has no known-first-party list to add {name} to")
    return changed


def run(*command: str | Path) -> None:
    """One of this script's own commands, as an argument list with no shell (bandit B603)."""
    subprocess.run([str(word) for word in command], cwd=REPO_DIR, check=True)  # nosec B603


def add_service(name: str, port: int) -> list[Path]:
    """Write the service and register it; return what was written."""
    service_dir = SERVICES_DIR / name
    document = OPENAPI_DIR / f"{name}.yaml"
    originals = {path: path.read_text() for path in (REGISTRY_FILE, RUFF_CONFIG, *SYNCED_FILES) if path.exists()}
    try:
        copier.run_copy(str(TEMPLATE_DIR), service_dir, data={"name": name, "port": port}, defaults=True, quiet=True)
        REGISTRY_FILE.write_text(originals[REGISTRY_FILE].rstrip("\n") + "\n\n" + registry_table(Service(name, port)))
        RUFF_CONFIG.write_text(with_first_party(originals[RUFF_CONFIG], name))
        # The order of a module's imports depends on the name: first-party packages are sorted.
        run(sys.executable, "-m", "ruff", "check", "--no-cache", "--quiet", "--select", "I", "--fix", service_dir)
        run(sys.executable, "-m", "ruff", "format", "--no-cache", "--quiet", service_dir)
        document.write_text(generate(service_dir))
        if REGISTRY_SYNC.exists():
            run(sys.executable, REGISTRY_SYNC)
    except BaseException:
        for path, text in originals.items():
            path.write_text(text)
        document.unlink(missing_ok=True)
        shutil.rmtree(service_dir, ignore_errors=True)
        raise
    return [service_dir, REGISTRY_FILE, RUFF_CONFIG, document]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="the service's name: its folder, its Python package and its registry table")
    parser.add_argument(
        "--port", type=int, help=f"its port under make run and in compose; default: the lowest free from {FIRST_PORT}"
    )
    arguments = parser.parse_args(argv)
    started = time.monotonic()
    try:
        check_name(arguments.name)
        port = lowest_free_port() if arguments.port is None else arguments.port
        check_port(port)
    except Refused as refusal:
        print(f"make new-service: {refusal}", file=sys.stderr)
        return 2
    written = add_service(arguments.name, port)
    name = arguments.name
    print(f"Added the {name} service on port {port} in {time.monotonic() - started:.1f} s. Written:")
    for path in written:
        print(f"  {path.relative_to(REPO_DIR)}")
    if REGISTRY_SYNC.exists():
        print("  docker-compose.yml, .github/workflows/ci.yml, services/compose/postgres-init.sql (registry_sync.py)")
    else:
        print(
            "services/registry_sync.py is missing: bring docker-compose.yml, .github/workflows/ci.yml and "
            "services/compose/postgres-init.sql in line with the registry by hand."
        )
    print(
        "Next:\n"
        f"  make test-unit ARGS='--service {name}'   then test-integration, test-component and test-contract alike\n"
        "  make lint\n"
        f"  make run   {name}'s API documentation: http://127.0.0.1:{port}/api/docs/\n"
        f"Its example, Item, is in services/{name}/{name}/: make the models, domain.py, services.py and api/ its own."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
