"""The registry of microshop's services: ``registry.toml`` beside this module, read once.

Its order is the order of ``make run --ports``. Everything that needs the list of the
services, their ports, who calls whom, who publishes and consumes which event, or which
processes a service runs besides the ones every service runs, reads it here, so that
adding a service is one table in one file.
"""

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

REGISTRY_FILE = Path(__file__).with_name("registry.toml")
SERVICE_NAME = re.compile(r"[a-z][a-z0-9_]*")
COMMAND_NAME = re.compile(r"[a-z][a-z0-9_]*")
# The processes every service runs (and its one-off setup): a command of its own takes another name.
STANDARD_PROCESSES = frozenset({"setup", "web", "worker", "relay"})


class InvalidRegistry(ValueError):
    """``registry.toml`` names something it cannot: a service it does not list, a port twice."""


@dataclass(frozen=True)
class Service:
    name: str
    port: int
    calls: tuple[str, ...] = ()
    publishes: tuple[str, ...] = ()
    consumes: tuple[str, ...] = ()
    # Outside services it calls, each answered on this machine by a fake process: (name, port).
    fakes: tuple[tuple[str, int], ...] = ()
    # Long-running manage.py commands it runs beside its web, worker and relay processes:
    # (name, command line), e.g. ("sweeper", "send_pending_notifications").
    commands: tuple[tuple[str, str], ...] = ()


@functools.cache
def services(registry_file: Path = REGISTRY_FILE) -> dict[str, Service]:
    """Every service, by name, in the registry's order."""
    with registry_file.open("rb") as file:
        tables = tomllib.load(file)
    found = {
        name: Service(
            name=name,
            port=int(table["port"]),
            calls=tuple(table.get("calls", ())),
            publishes=tuple(table.get("publishes", ())),
            consumes=tuple(table.get("consumes", ())),
            fakes=tuple((fake, int(port)) for fake, port in table.get("fakes", {}).items()),
            commands=tuple((command, str(line)) for command, line in table.get("commands", {}).items()),
        )
        for name, table in tables.items()
    }
    _check(found)
    return found


def service_names(registry_file: Path = REGISTRY_FILE) -> tuple[str, ...]:
    return tuple(services(registry_file))


def ports(registry_file: Path = REGISTRY_FILE) -> dict[str, int]:
    """``{"users": 8000, ...}``: where each web process listens under ``make run``."""
    return {name: service.port for name, service in services(registry_file).items()}


def fake_ports(registry_file: Path = REGISTRY_FILE) -> dict[str, int]:
    """``{"payment_provider": 8102}``: where each fake process listens under ``make run``."""
    return {fake: port for service in services(registry_file).values() for fake, port in service.fakes}


def callers_of(name: str, registry_file: Path = REGISTRY_FILE) -> tuple[str, ...]:
    """The services that call ``name`` over REST: whose service tokens it trusts."""
    return tuple(caller.name for caller in services(registry_file).values() if name in caller.calls)


def registry_table(service: Service) -> str:
    """``service`` as a table of ``registry.toml``, as ``make new-service`` appends it."""

    def names(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(f'"{value}"' for value in values) + "]"

    commands = ", ".join(f'{name} = "{line}"' for name, line in service.commands)
    return (
        f"[{service.name}]\n"
        f"port = {service.port}\n"
        f"calls = {names(service.calls)}\n"
        f"publishes = {names(service.publishes)}\n"
        f"consumes = {names(service.consumes)}\n" + (f"commands = {{{commands}}}\n" if service.commands else "")
    )


def _check(found: dict[str, Service]) -> None:
    for service in found.values():
        if not SERVICE_NAME.fullmatch(service.name):
            raise InvalidRegistry(f"{service.name!r} is not a service name: lower case letters, digits and _")
        unknown = set(service.calls) - set(found)
        if unknown:
            raise InvalidRegistry(f"{service.name} calls {', '.join(sorted(unknown))}, which the registry lacks")
        for name, line in service.commands:
            if not COMMAND_NAME.fullmatch(name) or name in STANDARD_PROCESSES:
                raise InvalidRegistry(
                    f"{service.name} names a command {name!r}: lower case letters, digits and _, "
                    f"and none of {', '.join(sorted(STANDARD_PROCESSES))}"
                )
            if not line.strip():
                raise InvalidRegistry(f"{service.name}'s command {name} runs nothing")
    taken: dict[int, str] = {}
    listeners = [(service.name, service.port) for service in found.values()]
    listeners += [(fake, port) for service in found.values() for fake, port in service.fakes]
    for name, port in listeners:
        if port in taken:
            raise InvalidRegistry(f"{name} and {taken[port]} both have port {port}")
        taken[port] = name
    published = {event for service in found.values() for event in service.publishes}
    for service in found.values():
        unpublished = set(service.consumes) - published
        if unpublished:
            events = ", ".join(sorted(unpublished))
            raise InvalidRegistry(f"{service.name} consumes {events}, which no service publishes")
