"""Orders as real processes, and users and inventory as stub HTTP servers it calls.

The in-process tests need none of this: they use the ``responses`` stubs of
``tests/conftest.py``.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from microshop_testing.live_service import LiveService, live_service_environment, temporary_database
from tests.component.stub_servers import InventoryStubServer, UsersStubServer

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def running_users_server():
    with UsersStubServer() as server:
        yield server


@pytest.fixture(scope="module")
def running_inventory_server():
    with InventoryStubServer() as server:
        yield server


@pytest.fixture(scope="module")
def orders(running_users_server, running_inventory_server, tmp_path_factory, django_db_blocker):
    """Orders as real processes, on a database of its own, calling the stub servers, on this run's broker."""
    with (
        django_db_blocker.unblock(),
        temporary_database("orders") as database_url,
        LiveService(
            service_dir=SERVICE_DIR,
            env=live_service_environment(
                database_url=database_url, users=running_users_server.url, inventory=running_inventory_server.url
            ),
            log_dir=tmp_path_factory.mktemp("orders-logs"),
        ) as service,
    ):
        yield service


@pytest.fixture
def users_server(running_users_server) -> Iterator[UsersStubServer]:
    """The users stub, knowing nobody and failing nothing until the test says so."""
    with running_users_server.serving_one_test() as server:
        yield server


@pytest.fixture
def inventory_server(running_inventory_server) -> Iterator[InventoryStubServer]:
    """The inventory stub, knowing no product and answering at once until the test says otherwise."""
    with running_inventory_server.serving_one_test() as server:
        yield server
