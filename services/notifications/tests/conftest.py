import pytest
import responses

from tests.stubs import UsersStub


@pytest.fixture
def users_stub():
    """users' internal endpoint stubbed at the HTTP layer, for code that builds its own client
    (the worker's handlers). ``responses`` patches ``requests`` for every thread of the process,
    so the worker's calls land here too."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield UsersStub(mock)
