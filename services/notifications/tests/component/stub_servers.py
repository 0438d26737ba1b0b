"""users as notifications meets it on the network, while notifications runs as real processes.

A real HTTP server on a free port, in a thread of the test process
(``microshop_testing.stub_servers``); notifications reaches it through ``USERS_URL``.
The server lives for a test module; what it knows and how it fails is set by each test
and forgotten after it.
"""

import re

from werkzeug import Request, Response

from microshop_testing.stub_servers import HttpStubServer, json_response
from notifications.clients.users import UserAccount
from tests.stubs import user_body, user_not_found_body


class UsersStubServer(HttpStubServer):
    """users' ``GET /api/internal/users/{id}/``; unknown ids are 404 in users' error shape."""

    path = re.compile(r"/api/internal/users/(\d+)/$")

    def __init__(self):
        super().__init__()
        self.answers("GET", self.path, self._user)

    def forget(self) -> None:
        super().forget()
        self._accounts: dict[int, UserAccount] = {}

    def has(self, account: UserAccount) -> UserAccount:
        self._accounts[account.id] = account
        return account

    def requests_for(self, user_id: int) -> list[Request]:
        return [request for request in self.requests if request.path == f"/api/internal/users/{user_id}/"]

    def _user(self, request: Request) -> Response:
        user_id = int(self.path.match(request.path).group(1))
        account = self._accounts.get(user_id)
        if account is None:
            return json_response(404, user_not_found_body(user_id))
        return json_response(200, user_body(account))
