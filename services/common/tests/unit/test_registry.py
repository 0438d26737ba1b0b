import pytest

from microshop_common.registry import InvalidRegistry, Service, callers_of, registry_table, services


def test_the_registry_lists_the_services_in_the_order_of_their_ports_on_make_run():
    assert [(name, service.port) for name, service in services().items()] == [
        ("users", 8000),
        ("orders", 8001),
        ("inventory", 8003),
        ("notifications", 8004),
        ("payments", 8002),
    ]


def test_a_service_trusts_the_service_tokens_of_those_that_call_it():
    assert callers_of("users") == ("orders", "notifications")
    assert callers_of("orders") == ()


def test_a_table_for_a_new_service_reads_back_as_that_service(tmp_path):
    registry = tmp_path / "registry.toml"
    registry.write_text(registry_table(Service("users", 8000)))
    payments = Service("payments", 8002, calls=("users",), publishes=("payment.succeeded",))

    with registry.open("a") as file:
        file.write("\n" + registry_table(payments))

    assert services(registry)["payments"] == payments


def test_a_table_without_commands_runs_none_of_its_own(tmp_path):
    registry = tmp_path / "registry.toml"
    registry.write_text("[users]\nport = 8000\n")

    assert services(registry)["users"].commands == ()


def test_a_table_with_commands_reads_back_as_that_service(tmp_path):
    registry = tmp_path / "registry.toml"
    shipping = Service("shipping", 8010, commands=(("tracker", "track_parcels --every 60"), ("mailer", "mail")))

    registry.write_text(registry_table(shipping))

    assert services(registry)["shipping"] == shipping


def test_notifications_runs_its_sweeper():
    assert services()["notifications"].commands == (("sweeper", "send_pending_notifications"),)


@pytest.mark.parametrize(
    ("tables", "problem"),
    [
        ("[users]\nport = 8000\n[orders]\nport = 8000\n", "both have port 8000"),
        ('[orders]\nport = 8001\ncalls = ["users"]\n', "calls users, which the registry lacks"),
        ('[orders]\nport = 8001\nconsumes = ["stock.reserved"]\n', "consumes stock.reserved, which no service"),
        ("[Orders]\nport = 8001\n", "not a service name"),
        ("[users]\nport = 8000\nfakes = {mailer = 8000}\n", "mailer and users both have port 8000"),
        ('[users]\nport = 8000\ncommands = {worker = "celery"}\n', "names a command 'worker'"),
        ('[users]\nport = 8000\ncommands = {Sweeper = "sweep"}\n', "names a command 'Sweeper'"),
        ('[users]\nport = 8000\ncommands = {sweeper = " "}\n', "command sweeper runs nothing"),
    ],
)
def test_a_registry_that_contradicts_itself_is_refused_with_the_reason(tmp_path, tables, problem):
    registry = tmp_path / "registry.toml"
    registry.write_text(tables)

    with pytest.raises(InvalidRegistry, match=problem):
        services(registry)
