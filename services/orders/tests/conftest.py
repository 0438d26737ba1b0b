import pytest
import responses

from tests.stubs import InventoryServiceStub, UsersServiceStub


@pytest.fixture
def stubbed_http():
    """Every HTTP call made through ``requests`` during the test, answered by ``responses``.

    A call that no stub answers fails as if the connection were refused.
    """
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def users_service(stubbed_http, settings) -> UsersServiceStub:
    return UsersServiceStub(stubbed_http, settings.SERVICE_URLS["users"])


@pytest.fixture
def inventory_service(stubbed_http, settings) -> InventoryServiceStub:
    return InventoryServiceStub(stubbed_http, settings.SERVICE_URLS["inventory"])
