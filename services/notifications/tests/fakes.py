"""An in-memory stand-in for notifications' client of users, for tests that need no HTTP.

It answers as ``HttpUsersClient`` does, including its errors, and records the ids it was
asked for (``microshop_testing.fakes``). It subclasses the ``UsersClient`` Protocol, so
the type checker holds it to the same methods as the real client. Pass it to the service
functions and handlers: ``notification_create_for_event(..., users=FakeUsersClient(ann))``.
``goes_down()`` makes it answer as users does when it cannot be reached, until ``comes_back()``.
"""

from microshop_testing.fakes import FakeUsers
from notifications.clients.users import UserAccount, UsersClient


class FakeUsersClient(FakeUsers[UserAccount], UsersClient):
    pass
