import pytest
import responses

from tests.stubs import InventoryStub, UsersStub


@pytest.fixture
def stubbed_http():
    """Every HTTP call made through ``requests`` during the test, answered by ``responses``.

    A call that no stub answers fails as if the connection were refused.
    """
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def users_stub(stubbed_http, settings) -> UsersStub:
    return UsersStub(stubbed_http, settings.SERVICE_URLS["users"])


@pytest.fixture
def inventory_stub(stubbed_http, settings) -> InventoryStub:
    return InventoryStub(stubbed_http, settings.SERVICE_URLS["inventory"])
