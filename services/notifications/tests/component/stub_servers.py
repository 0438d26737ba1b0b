"""users as notifications meets it on the network, while notifications runs as real processes.

A real HTTP server (pytest-httpserver) on a free port answers ``GET /api/internal/users/{id}/``;
notifications reaches it through ``USERS_URL``.
"""

import json
import re

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from microshop_common.api.errors import error_body
from notifications.clients.users import UserAccount
from tests.stubs import user_body, user_not_found_body


class UsersStubServer:
    """users' ``GET /api/internal/users/{id}/`` over real HTTP.

    ``has(account)`` adds a user; unknown ids are 404 in users' error shape; ``fails_with(500)``
    answers every call with that status until ``recovers()``; ``requests_for(user_id)``
    lists the ``requests`` that asked for a user.
    """

    path = re.compile(r"/api/internal/users/(\d+)/")

    def __init__(self, server: HTTPServer):
        self._accounts: dict[int, UserAccount] = {}
        self._failure_status: int | None = None
        self._server = server
        server.expect_request(self.path, method="GET").respond_with_handler(self._answer)

    def has(self, account: UserAccount) -> UserAccount:
        self._accounts[account.id] = account
        return account

    def fails_with(self, status: int) -> None:
        self._failure_status = status

    def recovers(self) -> None:
        self._failure_status = None

    @property
    def requests(self) -> list[Request]:
        return [request for request, _response in self._server.log]

    def requests_for(self, user_id: int) -> list[Request]:
        return [request for request in self.requests if request.path == f"/api/internal/users/{user_id}/"]

    def _answer(self, request: Request) -> Response:
        if self._failure_status is not None:
            return _json(self._failure_status, error_body("Server error", "SERVER_ERROR", "the stub was told to fail"))
        user_id = int(self.path.fullmatch(request.path).group(1))
        if user_id not in self._accounts:
            return _json(404, user_not_found_body(user_id))
        return _json(200, user_body(self._accounts[user_id]))


def _json(status: int, body: dict) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
