"""users as notifications sees it over HTTP, answered by ``responses``.

For code that builds its own client, such as the worker's handlers: the real client
sends real requests and this stub answers them as users would. Set what it knows with
``has``; ``goes_down()`` and ``comes_back()`` switch between refusing connections and
answering (``microshop_testing.stubs``).
"""

import dataclasses
import re

import responses
from django.conf import settings

from microshop_common.api.errors import error_body
from microshop_testing.stubs import Answer, HttpStub, json_answer
from notifications.clients.users import UserAccount


class UsersStub(HttpStub):
    """users' ``GET /api/internal/users/{id}/``; unknown ids are 404 in users' error shape."""

    def __init__(self, mock: responses.RequestsMock):
        super().__init__(mock, settings.SERVICE_URLS["users"])
        self._accounts: dict[int, UserAccount] = {}
        self.answers(responses.GET, re.compile(rf"{re.escape(self.base_url)}/api/internal/users/(\d+)/"), self._user)

    def has(self, account: UserAccount) -> UserAccount:
        self._accounts[account.id] = account
        return account

    def _user(self, request) -> Answer:
        user_id = int(re.search(r"/users/(\d+)/", request.path_url).group(1))
        if user_id not in self._accounts:
            return json_answer(404, user_not_found_body(user_id))
        return json_answer(200, user_body(self._accounts[user_id]))


def user_body(account: UserAccount) -> dict:
    """A user as users' internal endpoint answers it."""
    return dataclasses.asdict(account)


def user_not_found_body(user_id: int) -> dict[str, str]:
    return error_body("User not found", "USER_NOT_FOUND", f"User with ID {user_id} does not exist")
