"""Users or inventory taking the connection and never answering: orders gives up after ``SERVICE_TIMEOUT``.

The clients are the ones orders places orders with (``orders.bootstrap``), reading the
timeout from the settings, against a real socket on 127.0.0.1.
"""

import socket
import threading
import time

import pytest

from microshop_common.clients import ServiceUnavailable
from orders.clients.inventory import HttpInventoryClient
from orders.clients.users import HttpUsersClient

SERVICE_TIMEOUT = 0.2
# A GET that timed out is tried once more (microshop_common.clients), then given up.
GIVES_UP_WITHIN = 1.5
# Long after the clients should have given up, the silence ends: a client that would
# wait forever fails the test instead of hanging it.
SILENCE_ENDS_AFTER = 6.0


@pytest.fixture
def silent_url():
    """The URL of a server that takes every connection and never answers.

    The kernel completes the handshake of a connection waiting in a listening socket's
    backlog, so a client connects and sends its request, and no answer ever comes.
    Closing the socket resets those connections.
    """
    listener = socket.create_server(("127.0.0.1", 0), backlog=16)
    silence = threading.Timer(SILENCE_ENDS_AFTER, listener.close)
    silence.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    silence.cancel()
    listener.close()


@pytest.fixture
def neighbours_never_answer(settings, silent_url):
    settings.SERVICE_URLS = {**settings.SERVICE_URLS, "users": silent_url, "inventory": silent_url}
    settings.SERVICE_TIMEOUT = SERVICE_TIMEOUT


@pytest.mark.parametrize(
    "ask",
    [lambda: HttpUsersClient.shared().get_user(7), lambda: HttpInventoryClient.shared().get_products([1])],
    ids=["users", "inventory"],
)
def test_a_neighbour_that_never_answers_is_unavailable_once_the_service_timeout_has_passed(
    neighbours_never_answer, ask
):
    started = time.monotonic()

    with pytest.raises(ServiceUnavailable, match="unreachable"):
        ask()

    waited = time.monotonic() - started
    assert SERVICE_TIMEOUT <= waited < GIVES_UP_WITHIN
