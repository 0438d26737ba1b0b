"""Another service, or an outside one, on the network, while the service under test runs as real processes.

Each stub server is a real HTTP server (pytest-httpserver) on a free port, in a thread of
the test process; the service reaches it through the URL its settings read
(``USERS_URL``). A server lives for a test module (``with UsersStubServer() as server``);
what it knows and how it fails is set by each test (``serving_one_test``) and forgotten
after it. A service's ``tests/component/stub_servers.py`` routes each neighbour's
endpoints and says what they answer; this says how any of them fails, in the words every
stub shares (``microshop_testing.stubs``): ``goes_down()`` (connections are refused)
until ``comes_back()``, ``fails_with(500)`` (every call answered with that status) until
``recovers()``; and what it was asked, ``requests``.
https://pytest-httpserver.readthedocs.io/
"""

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, Self

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


class HttpStubServer:
    """One neighbour: a subclass routes its endpoints with ``answers`` and adds what it knows to ``forget``.

    An outside service words its failures otherwise: its subclass overrides ``failure_body``.
    """

    def __init__(self):
        self.http = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.forget()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.port}"

    def start(self) -> None:
        self.http.start()

    def stop(self) -> None:
        if self.http.is_running():
            self.http.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @contextlib.contextmanager
    def serving_one_test(self) -> Iterator[Self]:
        self.forget()
        try:
            yield self
        finally:
            self.after_test()
        # A request no handler matched, or a handler that raised, fails the test here
        # instead of passing unnoticed as a 500 that the service happened to handle.
        self.http.check()

    def forget(self) -> None:
        """Know nothing, fail nothing, and have been asked nothing, as at the start of a test."""
        self.http.clear_assertions()
        self.http.clear_handler_errors()
        self.http.clear_log()
        self.requests: list[Request] = []
        self._failure_status: int | None = None

    def after_test(self) -> None:
        """Undo what the test made of the server before the next one, such as stopping it."""
        self.comes_back()

    def answers(self, method: str, path: str | re.Pattern[str], answer: Callable[[Request], Response]) -> None:
        """Answer ``method`` on ``path`` with ``answer(request)`` while the neighbour is well, recording each call."""
        self.http.expect_request(path, method=method).respond_with_handler(
            lambda request: self._respond(request, answer)
        )

    def fails_with(self, status: int) -> None:
        """Answer every call with ``status``, as a neighbour failing behind its load balancer does."""
        self._failure_status = status

    def recovers(self) -> None:
        self._failure_status = None

    def goes_down(self) -> None:
        """Stop listening, so that connections to the neighbour's port are refused."""
        self.http.stop()

    def comes_back(self) -> None:
        """Listen again, on the same port, so the service under test keeps its settings."""
        if not self.http.is_running():
            self.http.start()

    def failure_body(self) -> Any:
        """What the neighbour says with a failing status: a microshop service, the error shape."""
        # Imported here so that this module imports before Django is configured, as the plugin's do.
        from microshop_common.api.errors import error_body

        return error_body("Server error", "SERVER_ERROR", "the stub was told to fail")

    def _respond(self, request: Request, answer: Callable[[Request], Response]) -> Response:
        self.requests.append(request)
        if self._failure_status is not None:
            return json_response(self._failure_status, self.failure_body())
        return answer(request)


def json_response(status: int, body: Any) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
