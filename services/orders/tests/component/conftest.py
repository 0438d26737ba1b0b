"""Orders as real processes, and users and inventory as stub HTTP servers it calls.

The in-process tests need none of this: they use the ``responses`` stubs of
``tests/conftest.py``.
"""

from collections.abc import Iterator

import pytest

from tests.component.stub_servers import InventoryStubServer, UsersStubServer


@pytest.fixture(scope="module")
def running_users_server():
    with UsersStubServer() as server:
        yield server


@pytest.fixture(scope="module")
def running_inventory_server():
    with InventoryStubServer() as server:
        yield server


@pytest.fixture(scope="module")
def orders(running_users_server, running_inventory_server, start_live_service):
    """Orders as real processes, on a database of its own, calling the stub servers, on this run's broker."""
    return start_live_service(users=running_users_server.url, inventory=running_inventory_server.url)


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
