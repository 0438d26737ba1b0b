"""A system of services to test the process definitions with: made up, never started."""

from pathlib import Path

from microshop_common.processes import DEFAULT_PORTS, System, local_services


def a_system(
    *,
    database_url: str | None = None,
    ports: dict[str, int] = DEFAULT_PORTS,
    services_dir: Path = Path("/srv/microshop"),
    state_dir: Path = Path("/var/microshop"),
) -> System:
    return System(
        services=local_services(ports, services_dir),
        state_dir=state_dir,
        database_url=database_url,
        broker_url="amqp://broker//",
        exchange="microshop.events",
        secret_key="secret",
    )
