"""Stand-ins for the users service: a fake client to pass in, an HTTP stub for the worker,
and a real HTTP server for notifications running as real processes."""

import dataclasses
import json
import re
from collections.abc import Iterable

import requests
import responses
from django.conf import settings
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from microshop_common.clients import ResourceNotFound, ServiceUnavailable
from notifications.clients.users import UserAccount


class FakeUsersClient:
    """``UsersClient`` in memory. ``FakeUsersClient([ann])``; ``unavailable=True`` plays users being down."""

    def __init__(self, users: Iterable[UserAccount] = (), *, unavailable: bool = False):
        self.users = {user.id: user for user in users}
        self.unavailable = unavailable
        self.requested: list[int] = []

    def get_user(self, user_id: int) -> UserAccount:
        self.requested.append(user_id)
        if self.unavailable:
            raise ServiceUnavailable("users", "unreachable (fake)")
        try:
            return self.users[user_id]
        except KeyError:
            raise ResourceNotFound("users", f"/api/internal/users/{user_id}/ not found") from None


class UsersApiStub:
    """``GET /api/internal/users/{id}/`` answered from memory, as users answers it.

    ``has(user)`` adds a user; unknown ids are 404 in users' error shape; ``goes_down()``
    and ``comes_back()`` switch between refusing connections and answering.
    """

    def __init__(self, mock: responses.RequestsMock):
        self.users: dict[int, dict] = {}
        self.down = False
        self._mock = mock
        base_url = settings.SERVICE_URLS["users"].rstrip("/")
        mock.add_callback(responses.GET, re.compile(rf"{re.escape(base_url)}/api/internal/users/(\d+)/"), self._answer)

    def has(self, user: UserAccount) -> UserAccount:
        self.users[user.id] = dataclasses.asdict(user)
        return user

    def goes_down(self) -> None:
        self.down = True

    def comes_back(self) -> None:
        self.down = False

    @property
    def calls(self) -> int:
        return len(self._mock.calls)

    def _answer(self, request):
        if self.down:
            raise requests.ConnectionError("users is down (stub)")
        user_id = int(re.search(r"/users/(\d+)/", request.path_url).group(1))
        if user_id not in self.users:
            return 404, {}, json.dumps(user_not_found(user_id))
        return 200, {"Content-Type": "application/json"}, json.dumps(self.users[user_id])


class UsersServer:
    """``GET /api/internal/users/{id}/`` answered over real HTTP by a pytest-httpserver server.

    ``has(user)`` adds a user; unknown ids are 404 in users' error shape; ``fails_with(500)``
    answers every call with that status until ``recovers()``; ``requests_for(user_id)``
    lists the calls that asked for a user.
    """

    path = re.compile(r"/api/internal/users/(\d+)/")

    def __init__(self, server: HTTPServer):
        self.users: dict[int, dict] = {}
        self.failure: int | None = None
        self._server = server
        server.expect_request(self.path, method="GET").respond_with_handler(self._answer)

    def has(self, user: UserAccount) -> UserAccount:
        self.users[user.id] = dataclasses.asdict(user)
        return user

    def fails_with(self, status: int) -> None:
        self.failure = status

    def recovers(self) -> None:
        self.failure = None

    def requests_for(self, user_id: int) -> list[Request]:
        return [request for request, _response in self._server.log if request.path == f"/api/internal/users/{user_id}/"]

    def _answer(self, request: Request) -> Response:
        if self.failure is not None:
            return _json_response(self.failure, {"error": "Server error", "code": "SERVER_ERROR", "detail": "stub"})
        user_id = int(self.path.fullmatch(request.path).group(1))
        if user_id not in self.users:
            return _json_response(404, user_not_found(user_id))
        return _json_response(200, self.users[user_id])


def user_not_found(user_id: int) -> dict:
    """users' answer for an id it does not know, in the shared error shape."""
    return {"error": "User not found", "code": "USER_NOT_FOUND", "detail": f"User with ID {user_id} does not exist"}


def _json_response(status: int, body: dict) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
