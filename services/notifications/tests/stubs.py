"""users as notifications sees it over HTTP, answered by ``responses``.

For code that builds its own client, such as the worker's handlers: the real client
sends real requests and this stub answers them as users would. Set what it knows with
``has``; ``goes_down()`` and ``comes_back()`` switch between refusing connections and
answering.
"""

import dataclasses
import json
import re

import requests
import responses
from django.conf import settings

from microshop_common.api.errors import error_body
from notifications.clients.users import UserAccount


class UsersStub:
    """users' ``GET /api/internal/users/{id}/``; unknown ids are 404 in users' error shape."""

    def __init__(self, mock: responses.RequestsMock):
        self._accounts: dict[int, UserAccount] = {}
        self._down = False
        self._mock = mock
        base_url = settings.SERVICE_URLS["users"].rstrip("/")
        mock.add_callback(responses.GET, re.compile(rf"{re.escape(base_url)}/api/internal/users/(\d+)/"), self._answer)

    def has(self, account: UserAccount) -> UserAccount:
        self._accounts[account.id] = account
        return account

    def goes_down(self) -> None:
        self._down = True

    def comes_back(self) -> None:
        self._down = False

    @property
    def requests(self) -> list[requests.PreparedRequest]:
        return [call.request for call in self._mock.calls]

    def _answer(self, request):
        if self._down:
            raise requests.ConnectionError("users is down (stub)")
        user_id = int(re.search(r"/users/(\d+)/", request.path_url).group(1))
        if user_id not in self._accounts:
            return 404, {"Content-Type": "application/json"}, json.dumps(user_not_found_body(user_id))
        return 200, {"Content-Type": "application/json"}, json.dumps(user_body(self._accounts[user_id]))


def user_body(account: UserAccount) -> dict:
    """A user as users' internal endpoint answers it."""
    return dataclasses.asdict(account)


def user_not_found_body(user_id: int) -> dict[str, str]:
    return error_body("User not found", "USER_NOT_FOUND", f"User with ID {user_id} does not exist")
