"""In-memory stand-ins for the clients a service has of another, for tests that need no HTTP.

A service's ``tests/fakes.py`` names its fake after its own client and holds it to that
client's Protocol, with the service's own account type:
``class FakeUsersClient(FakeUsers[UserAccount], UsersClient)``. The fake answers as the
HTTP client does, including its errors, and records what it was asked; ``goes_down()``
makes it answer as its service does when it cannot be reached, until ``comes_back()``.
"""

from typing import Generic, Protocol, TypeVar

from microshop_common.clients import ResourceNotFound, ServiceUnavailable


class Account(Protocol):
    @property
    def id(self) -> int: ...


AccountT = TypeVar("AccountT", bound=Account)


class FakeUsers(Generic[AccountT]):
    """users' ``GET /api/internal/users/{id}/``, answered from the accounts it was given."""

    def __init__(self, *accounts: AccountT):
        self.accounts = {account.id: account for account in accounts}
        self.down = False
        self.requested: list[int] = []

    def goes_down(self) -> None:
        self.down = True

    def comes_back(self) -> None:
        self.down = False

    def get_user(self, user_id: int) -> AccountT:
        self.requested.append(user_id)
        if self.down:
            raise ServiceUnavailable("users", "unreachable (the fake is down)")
        try:
            return self.accounts[user_id]
        except KeyError:
            raise ResourceNotFound("users", f"/api/internal/users/{user_id}/ not found") from None
