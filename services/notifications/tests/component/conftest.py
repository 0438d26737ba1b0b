from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from microshop_testing.processes import free_ports
from tests.component.stub_servers import UsersStubServer


@pytest.fixture(scope="module")
def users_http_server():
    """A real HTTP server on a free port, standing in for users; each test says what it answers."""
    server = HTTPServer(host="127.0.0.1", port=free_ports(1)[0])
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


@pytest.fixture
def users_server(users_http_server):
    try:
        yield UsersStubServer(users_http_server)
    finally:
        users_http_server.clear()


@pytest.fixture(scope="module")
def mail_folder(tmp_path_factory) -> Path:
    """Where the service's e-mail goes: Django's file backend writes each message here."""
    return tmp_path_factory.mktemp("notifications-mail")


@pytest.fixture(scope="module")
def notifications(users_http_server, mail_folder, start_live_service):
    """Notifications as real processes, on a database of its own, talking to this run's broker,
    with users answered by the stub server and e-mail written to ``mail_folder``."""
    # Django's file backend, one file per message sent. django-environ reads the path after
    # the first slash (filemail:///tmp/mail is tmp/mail), so four slashes make it absolute.
    # https://docs.djangoproject.com/en/5.2/topics/email/#file-backend
    return start_live_service(
        users=users_http_server.url_for("/").rstrip("/"), env={"EMAIL_URL": f"filemail:///{mail_folder}"}
    )
