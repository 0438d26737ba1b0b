"""An in-memory stand-in for notifications' client of users, for tests that need no HTTP.

It answers as ``HttpUsersClient`` does, including its errors, and records the ids it was
asked for. It subclasses the ``UsersClient`` Protocol, so the type checker holds it to the
same methods as the real client. Pass it to the service functions and handlers:
``notification_create_for_event(..., users=FakeUsersClient(ann))``.
``goes_down()`` makes it answer as users does when it cannot be reached.
"""

from microshop_common.clients import ResourceNotFound, ServiceUnavailable
from notifications.clients.users import UserAccount, UsersClient


class FakeUsersClient(UsersClient):
    def __init__(self, *accounts: UserAccount):
        self.accounts = {account.id: account for account in accounts}
        self.down = False
        self.requested: list[int] = []

    def goes_down(self) -> None:
        self.down = True

    def get_user(self, user_id: int) -> UserAccount:
        self.requested.append(user_id)
        if self.down:
            raise ServiceUnavailable("users", "unreachable (the fake is down)")
        try:
            return self.accounts[user_id]
        except KeyError:
            raise ResourceNotFound("users", f"/api/internal/users/{user_id}/ not found") from None
