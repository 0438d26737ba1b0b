import pytest

from tests.stubs import UsersStub


@pytest.fixture
def users_stub(stubbed_http):
    """users' internal endpoint stubbed at the HTTP layer, for code that builds its own client
    (the worker's handlers)."""
    return UsersStub(stubbed_http)
