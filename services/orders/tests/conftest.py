import pytest

from tests.stubs import InventoryStub, UsersStub


@pytest.fixture
def users_stub(stubbed_http, settings) -> UsersStub:
    return UsersStub(stubbed_http, settings.SERVICE_URLS["users"])


@pytest.fixture
def inventory_stub(stubbed_http, settings) -> InventoryStub:
    return InventoryStub(stubbed_http, settings.SERVICE_URLS["inventory"])
