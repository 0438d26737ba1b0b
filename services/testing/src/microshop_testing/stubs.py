"""Another service, or an outside one, answered in the test process by ``responses``.

The service's real client sends real requests (its token, timeout and retries), and a
stub answers them as the neighbour would. A service's ``tests/stubs.py`` says what each
neighbour answers; this says how any of them fails, in the words every stub shares:
``goes_down()`` (connections are refused) until ``comes_back()``, ``fails_with(500)``
(every call answered with that status) until ``recovers()``, ``answers_slowly()`` (after
the client has stopped waiting); and what it was asked, ``requests``.
https://github.com/getsentry/responses
"""

import json
import re
from collections.abc import Callable
from typing import Any

import requests
import responses

Answer = tuple[int, dict[str, str], str]


class HttpStub:
    """One neighbour at ``base_url``; a subclass routes its endpoints with ``answers``.

    An outside service words its failures otherwise: its subclass overrides ``failure_body``.
    """

    def __init__(self, mock: responses.RequestsMock, base_url: str):
        self._mock = mock
        self.base_url = base_url.rstrip("/")
        self._failure: int | Exception | None = None

    def answers(self, method: str, url: str | re.Pattern[str], answer: Callable[[Any], Answer]) -> None:
        """Answer ``method`` on ``url`` with ``answer(request)`` while the neighbour is up and well."""
        self._mock.add_callback(method, url, callback=lambda request: self._failing() or answer(request))

    def goes_down(self) -> None:
        """Refuse every connection, as a neighbour that is not running or cannot be reached does."""
        self._failure = requests.ConnectionError(f"{self.base_url} is down (stub)")

    def comes_back(self) -> None:
        self._failure = None

    def fails_with(self, status: int) -> None:
        """Answer every call with ``status``, as a neighbour failing behind its load balancer does."""
        self._failure = status

    def recovers(self) -> None:
        self._failure = None

    def answers_slowly(self) -> None:
        """Answer after the client has stopped waiting: it sees a read timeout."""
        self._failure = requests.ReadTimeout("the stub took longer than the client waits")

    @property
    def requests(self) -> list[requests.PreparedRequest]:
        return [call.request for call in self._mock.calls if call.request.url.startswith(self.base_url)]

    def failure_body(self) -> Any:
        """What the neighbour says with a failing status: a microshop service, the error shape."""
        from microshop_common.api.errors import error_body

        return error_body("Server error", "SERVER_ERROR", "the stub was told to fail")

    def _failing(self) -> Answer | Exception | None:
        if isinstance(self._failure, Exception):
            return self._failure
        if self._failure is not None:
            return json_answer(self._failure, self.failure_body())
        return None


def json_answer(status: int, body: Any) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(body)
