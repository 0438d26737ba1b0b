import argparse
import re
from pathlib import Path

from microshop_common.processes import (
    DEFAULT_FAKE_PORTS,
    DEFAULT_PORTS,
    OWN_COMMANDS,
    System,
    add_state_dir_option,
    local_events_exchange,
    local_secret_key,
    local_system,
    service_commands,
    setup_steps,
)
from tests.systems import a_system


def test_a_service_runs_its_api_its_worker_and_its_relay():
    commands = service_commands("orders", port=8001, python="python")

    assert list(commands) == ["web", "worker", "relay"]
    assert commands["web"][:4] == ["python", "-m", "gunicorn", "config.wsgi"]
    assert commands["worker"][:6] == ["python", "-m", "celery", "-A", "config", "worker"]
    assert commands["relay"] == ["python", "manage.py", "relay_outbox"]


def test_a_service_also_runs_the_long_running_commands_its_registry_table_names():
    commands = service_commands("notifications", port=8004, python="python")

    assert list(commands) == ["web", "worker", "relay", "sweeper"]
    assert commands["sweeper"] == ["python", "manage.py", "send_pending_notifications"]


def test_the_api_listens_on_the_host_and_port_it_is_given():
    web = service_commands("orders", port=9101, host="0.0.0.0", web_workers=3)["web"]

    assert web[web.index("--bind") + 1] == "0.0.0.0:9101"
    assert web[web.index("--workers") + 1] == "3"


def test_each_worker_is_named_after_its_service_so_workers_on_one_broker_tell_apart():
    workers = [service_commands(service, port=port)["worker"] for service, port in DEFAULT_PORTS.items()]

    names = [worker[worker.index("--hostname") + 1] for worker in workers]
    assert names == [f"{service}@%h" for service in DEFAULT_PORTS]


def test_every_service_is_migrated_before_its_queues_are_declared():
    assert setup_steps("orders", seed=True) == [("migrate", "--no-input"), ("declare_queues",)]


def test_seeding_adds_the_demo_products_and_the_staff_account_last():
    assert setup_steps("inventory", seed=True)[-1] == ("seed_demo_products",)
    assert setup_steps("users", seed=True)[-1] == ("ensure_staff_user",)
    assert setup_steps("users", seed=False) == setup_steps("orders", seed=False)


def test_each_process_of_the_system_runs_in_its_service_folder_under_its_own_name():
    processes = a_system().processes(web_workers=1)

    own_commands = sum(len(commands) for commands in OWN_COMMANDS.values())
    assert len(processes) == 3 * len(DEFAULT_PORTS) + own_commands + len(DEFAULT_FAKE_PORTS)
    orders_worker = next(process for process in processes if process.name == "orders-worker")
    assert orders_worker.cwd == Path("/srv/microshop/orders")
    assert orders_worker.env["DATABASE_URL"] == "sqlite:////var/microshop/orders.sqlite3"


def test_the_system_runs_notifications_sweeper_beside_its_worker_with_the_same_environment():
    system = a_system()

    processes = {process.name: process for process in system.processes()}

    sweeper = processes["notifications-sweeper"]
    assert sweeper.command[1:] == ["manage.py", "send_pending_notifications"]
    assert sweeper.cwd == Path("/srv/microshop/notifications")
    assert sweeper.env == processes["notifications-worker"].env
    assert not any(name.endswith("-sweeper") for name in processes if name != "notifications-sweeper")


def test_a_caller_is_told_where_the_services_it_calls_listen():
    system = a_system(ports={"users": 9000, "orders": 9001, "inventory": 9003, "notifications": 9004})

    env = system.environment(system.service("orders"))

    assert (env["USERS_URL"], env["INVENTORY_URL"]) == ("http://127.0.0.1:9000", "http://127.0.0.1:9003")
    assert "ORDERS_URL" not in system.environment(system.service("notifications"))


def test_a_fake_of_an_outside_service_runs_from_its_service_s_folder_and_the_service_is_told_where():
    system = a_system()
    system.fake_ports["payment_provider"] = 9102

    [fake] = [process for process in system.processes() if process.name == "payment-provider"]

    assert fake.cwd == Path("/srv/microshop/payments")
    assert fake.command[2:5] == ["gunicorn", "fake_payment_provider", "--bind"]
    assert fake.command[5] == "127.0.0.1:9102"
    assert fake.command[fake.command.index("--workers") + 1] == "1"
    assert system.environment(system.service("payments"))["PAYMENT_PROVIDER_URL"] == "http://127.0.0.1:9102"
    assert "PAYMENT_PROVIDER_URL" not in system.environment(system.service("orders"))


def test_the_system_listens_on_each_api_s_port_and_each_fake_s():
    system = a_system()
    system.fake_ports["payment_provider"] = 9102

    listening = system.listening_ports()

    assert {port: listening[port] for port in DEFAULT_PORTS.values()} == {
        port: name for name, port in DEFAULT_PORTS.items()
    }
    assert listening[9102] == "the fake payment_provider"
    assert len(listening) == len(DEFAULT_PORTS) + len(DEFAULT_FAKE_PORTS)


def test_on_postgresql_each_service_gets_a_database_named_after_the_prefix_and_itself():
    system = a_system(database_url="postgres://postgres@127.0.0.1:5432/e2e_1234")

    assert system.database_for(system.service("inventory")) == "postgres://postgres@127.0.0.1:5432/e2e_1234_inventory"


def test_the_backends_are_described_as_the_system_uses_them():
    embedded = System(**{**a_system().__dict__, "broker_url": "filesystem:///var/microshop/broker"})
    on_servers = a_system(database_url="postgres://postgres@db:5432/shop")

    assert embedded.describe_backends() == (
        "database: SQLite files in /var/microshop; broker: embedded broker in /var/microshop/broker"
    )
    assert (
        on_servers.describe_backends()
        == "database: PostgreSQL (postgres://postgres@db:5432/shop_<service>); broker: RabbitMQ"
    )


def test_the_local_secret_key_is_made_once_readable_only_by_its_owner_and_kept(tmp_path):
    first = local_secret_key(tmp_path / "state")

    assert local_secret_key(tmp_path / "state") == first
    assert len(first) >= 50
    assert (tmp_path / "state" / "secret_key").stat().st_mode & 0o077 == 0


def test_make_run_and_make_manage_keep_the_system_in_var_beside_the_services_unless_told():
    parser = argparse.ArgumentParser()
    add_state_dir_option(parser, services_dir=Path("/srv/microshop/services"))

    assert parser.parse_args([]).state_dir == Path("/srv/microshop/var")
    assert parser.parse_args(["--state-dir", "/tmp/shop"]).state_dir == Path("/tmp/shop")


def test_the_local_system_runs_on_the_embedded_backends_in_its_state_folder_unless_told(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "EVENTS_EXCHANGE"):
        monkeypatch.delenv(name, raising=False)

    state_dir = tmp_path / "var"

    system = local_system(state_dir=state_dir, ports=DEFAULT_PORTS, services_dir=tmp_path / "services")

    env = system.environment(system.service("orders"))
    assert (env["DATABASE_URL"], env["CELERY_BROKER_URL"]) == (
        f"sqlite:///{state_dir / 'orders.sqlite3'}",
        f"filesystem://{state_dir / 'broker'}",
    )
    assert (env["EVENTS_EXCHANGE"], env["DJANGO_SECRET_KEY"]) == ("microshop.events", local_secret_key(state_dir))


def test_the_local_system_takes_its_servers_and_exchange_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@db:5432/shop")
    monkeypatch.setenv("CELERY_BROKER_URL", "amqp://guest:guest@rabbit:5672//")
    monkeypatch.setenv("EVENTS_EXCHANGE", "shop.events")

    system = local_system(state_dir=tmp_path, ports=DEFAULT_PORTS, services_dir=Path("/srv/microshop"))

    env = system.environment(system.service("payments"))
    assert (env["DATABASE_URL"], env["CELERY_BROKER_URL"], env["EVENTS_EXCHANGE"]) == (
        "postgres://postgres@db:5432/shop_payments",
        "amqp://guest:guest@rabbit:5672//",
        "shop.events",
    )


def exchange_of(
    *, configured: str | None = None, database_url: str | None = None, state_dir: Path = Path("/srv/microshop/var")
) -> str:
    return local_events_exchange(
        configured=configured,
        database_url=database_url,
        state_dir=state_dir,
        default_state_dir=Path("/srv/microshop/var"),
    )


def test_the_default_databases_keep_the_exchange_outside_clients_know():
    assert exchange_of() == "microshop.events"
    assert exchange_of(database_url="postgres://postgres@127.0.0.1:5432/microshop") == "microshop.events"
    assert exchange_of(database_url="postgres://postgres@127.0.0.1:5432") == "microshop.events"


def test_databases_under_another_prefix_get_an_exchange_of_that_prefix():
    assert exchange_of(database_url="postgres://postgres@127.0.0.1:5432/shop_two") == "shop_two.events"


def test_sqlite_files_in_another_state_folder_get_an_exchange_of_their_own_kept_from_run_to_run():
    first = exchange_of(state_dir=Path("/tmp/first"))

    assert re.fullmatch(r"microshop-[0-9a-f]{8}\.events", first)
    assert exchange_of(state_dir=Path("/tmp/first")) == first
    assert exchange_of(state_dir=Path("/tmp/second")) != first


def test_on_postgresql_the_exchange_follows_the_databases_whatever_the_state_folder():
    database_url = "postgres://postgres@127.0.0.1:5432/shop_two"

    assert exchange_of(database_url=database_url, state_dir=Path("/tmp/first")) == "shop_two.events"


def test_an_exchange_set_in_the_environment_is_kept_exactly():
    assert exchange_of(configured="partner.events", database_url="postgres://db/shop_two") == "partner.events"
    assert exchange_of(configured="microshop.events", state_dir=Path("/tmp/first")) == "microshop.events"
