"""Another service, or an outside one, on the network, while the service under test runs as real processes.

Each stub server is a real HTTP server (pytest-httpserver) on a free port, in a thread of
the test process; the service reaches it through the URL its settings read
(``USERS_URL``). A server lives for a test module (``with UsersStubServer() as server``);
what it knows and how it fails is set by each test (``serving_one_test``) and forgotten
after it. A service's ``tests/component/stub_servers.py`` routes each neighbour's
endpoints and says what they answer.
https://pytest-httpserver.readthedocs.io/
"""

import contextlib
import json
from collections.abc import Iterator
from typing import Any, Self

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


class HttpStubServer:
    """One neighbour: a subclass routes its endpoints on ``self.http`` and adds what it knows to ``forget``."""

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

    def after_test(self) -> None:
        """Undo what the test made of the server before the next one, such as stopping it."""


def json_response(status: int, body: Any) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
