"""Bring what cannot read the service registry in line with it: run after adding a service.

  python services/registry_sync.py           write the changes, and say which files changed
  python services/registry_sync.py --check   change nothing; exit 1 if a file is behind

The registry (``microshop_common/registry.toml``) is read at run time by everything in
Python. Three files cannot read it, so this writes them:

  services/compose/postgres-init.sql  a database per service, written whole
  .github/workflows/ci.yml            the services of the unit, integration, component and security
                                      matrices: every folder with tests of that layer
  docker-compose.yml                  for a service it lacks: its image and environment,
                                      its setup, API, worker and relay, the commands its
                                      table adds, and the wait for its setup; the services
                                      already there are left as they are written, comments
                                      and all

``make new-service`` runs it; ``make lint`` checks the result (tests/static).
"""

import argparse
import json
import re
import sys
from pathlib import Path

from microshop_common.processes import fake_command, fake_process_name, own_command, setup_command, worker_command
from microshop_common.registry import Service, services

REPO_DIR = Path(__file__).resolve().parent.parent
SERVICES_DIR = REPO_DIR / "services"
POSTGRES_INIT = SERVICES_DIR / "compose" / "postgres-init.sql"
CI_WORKFLOW = REPO_DIR / ".github" / "workflows" / "ci.yml"
COMPOSE_FILE = REPO_DIR / "docker-compose.yml"
# The libraries tested beside the services, in the order the matrices list them.
LIBRARIES = ("common", "testing")
MATRIX_JOBS = ("unit", "integration", "component", "security")
# Inside its container a process listens on every interface; compose publishes the port on 127.0.0.1 only.
CONTAINER_HOST = "0.0.0.0"  # nosec B104


def postgres_init(registered: dict[str, Service]) -> str:
    return (
        "-- One database per service, as in production: no service reads another's tables.\n"
        "-- The postgres image runs this once, when it creates an empty data volume.\n"
        + "".join(f"CREATE DATABASE {name};\n" for name in registered)
    )


def ci_workflow(text: str, registered: dict[str, Service]) -> str:
    """``text`` with each matrix job listing every library and service that has tests of its layer."""
    for job in MATRIX_JOBS:
        folders = [name for name in (*LIBRARIES, *registered) if (SERVICES_DIR / name / "tests" / job).is_dir()]
        pattern = re.compile(rf"(\n  {job}:\n(?:    .*\n|\n)*?        service: )\[[^\]\n]*\]")
        text, found = pattern.subn(lambda match, folders=folders: f"{match[1]}[{', '.join(folders)}]", text, count=1)
        if not found:
            raise SystemExit(f"{CI_WORKFLOW.relative_to(REPO_DIR)}: no matrix of services in job {job}")
    return text


def compose_file(text: str, registered: dict[str, Service]) -> str:
    """``text`` with the blocks of every registered service it lacks."""
    for service in registered.values():
        if re.search(rf"^x-{service.name}: &{service.name}$", text, re.MULTILINE):
            continue
        text = _insert_before(text, "\nservices:\n", _compose_anchor(service, registered))
        text = _insert_before(
            text, "\n\n# Workers and relays", f"  {service.name}-setup: {{condition: service_completed_successfully}}\n"
        )
        text = _insert_before(text, "\nvolumes:\n", _compose_services(service))
    return text


def _compose_anchor(service: Service, registered: dict[str, Service]) -> str:
    callees = "".join(
        f"    {callee.upper()}_URL: http://{callee}:{registered[callee].port}\n" for callee in service.calls
    ) + "".join(f"    {fake.upper()}_URL: http://{fake_process_name(fake)}:{port}\n" for fake, port in service.fakes)
    return (
        f"x-{service.name}: &{service.name}\n"
        f"  image: microshop/{service.name}\n"
        # The services' one Dockerfile (services/Dockerfile), built for this service.
        f"  build: {{context: ./services, args: {{SERVICE: {service.name}, PORT: {service.port}}}}}\n"
        "  volumes: [keys:/keys:ro]\n"
        "  environment:\n"
        "    <<: *environment\n"
        f"    DATABASE_URL: postgres://postgres@postgres:5432/{service.name}\n"
        f"    DJANGO_ALLOWED_HOSTS: {service.name},localhost,127.0.0.1\n"
        f"{callees}\n"
    )


def _compose_services(service: Service) -> str:
    name, port = service.name, service.port
    setup = ", ".join(("python", "manage.py", *setup_command(seed=True)))
    # The image's interpreter is `python` on the PATH.
    worker = ", ".join(
        f'"{word}"' if "%" in word or word.isdigit() else word for word in worker_command(name, python="python")
    )
    ready = f"import urllib.request as u; u.urlopen('http://127.0.0.1:{port}/health/ready/', timeout=3)"
    return (
        f"  {name}-setup:\n"
        f"    <<: *{name}\n"
        f"    command: [{setup}]\n"
        "    depends_on: *before-setup\n"
        f"  {name}:\n"
        f"    <<: *{name}\n"
        f'    ports: ["127.0.0.1:{port}:{port}"]\n'
        "    healthcheck:\n"
        "      <<: *ready-check\n"
        f'      test: [CMD, python, -c, "{ready}"]\n'
        "    depends_on: *after-setup\n"
        f"  {name}-worker:\n"
        f"    <<: *{name}\n"
        f"    command: [{worker}]\n"
        "    depends_on: *after-setup\n"
        f"  {name}-relay:\n"
        f"    <<: *{name}\n"
        "    command: *relay-command\n"
        "    depends_on: *after-setup\n"
        f"{''.join(_compose_own_command(service, command, line) for command, line in service.commands)}"
        f"{''.join(_compose_fake(service, fake, port) for fake, port in service.fakes)}"
        "\n"
    )


def _compose_own_command(service: Service, command: str, line: str) -> str:
    words = ", ".join(
        word if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", word) else json.dumps(word)
        for word in own_command(line, python="python")
    )
    return (
        f"  {service.name}-{command}:\n    <<: *{service.name}\n    command: [{words}]\n    depends_on: *after-setup\n"
    )


def _compose_fake(service: Service, fake: str, port: int) -> str:
    command = ", ".join(
        f'"{word}"' if ":" in word or word.isdigit() or word == "-" else word
        for word in fake_command(fake, port=port, host=CONTAINER_HOST, python="python")
    )
    return (
        f"  {fake_process_name(fake)}:\n"
        f"    <<: *{service.name}\n"
        f"    command: [{command}]\n"
        f'    ports: ["127.0.0.1:{port}:{port}"]\n'
    )


def _insert_before(text: str, marker: str, block: str) -> str:
    index = text.find(marker)
    if index == -1:
        raise SystemExit(f"{COMPOSE_FILE.relative_to(REPO_DIR)}: cannot find {marker.strip()!r} to add a service")
    return text[: index + 1] + block + text[index + 1 :]


def synced_files() -> dict[Path, str]:
    """Each file this writes, with the text it should hold."""
    registered = services()
    return {
        POSTGRES_INIT: postgres_init(registered),
        CI_WORKFLOW: ci_workflow(CI_WORKFLOW.read_text(), registered),
        COMPOSE_FILE: compose_file(COMPOSE_FILE.read_text(), registered),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is behind")
    args = parser.parse_args(argv)
    files = synced_files()
    behind = [path for path, text in files.items() if path.read_text() != text]
    for path in behind:
        if args.check:
            print(f"{path.relative_to(REPO_DIR)} is behind the registry: run python services/registry_sync.py")
        else:
            path.write_text(files[path])
            print(f"updated {path.relative_to(REPO_DIR)}")
    return 1 if args.check and behind else 0


if __name__ == "__main__":
    sys.exit(main())
