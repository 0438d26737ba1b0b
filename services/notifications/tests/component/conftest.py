"""Notifications as real processes, and users as a stub HTTP server it calls.

The in-process tests need none of this: they use the ``responses`` stub of
``tests/conftest.py``.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.component.stub_servers import UsersStubServer


@pytest.fixture(scope="module")
def running_users_server():
    with UsersStubServer() as server:
        yield server


@pytest.fixture
def users_server(running_users_server) -> Iterator[UsersStubServer]:
    """The users stub, knowing nobody and failing nothing until the test says so."""
    with running_users_server.serving_one_test() as server:
        yield server


@pytest.fixture(scope="module")
def mail_folder(tmp_path_factory) -> Path:
    """Where the service's e-mail goes: Django's file backend writes each message here."""
    return tmp_path_factory.mktemp("notifications-mail")


@pytest.fixture(scope="module")
def notifications(running_users_server, mail_folder, start_live_service):
    """Notifications as real processes, on a database of its own, talking to this run's broker,
    with users answered by the stub server and e-mail written to ``mail_folder``."""
    # Django's file backend, one file per message sent. django-environ reads the path after
    # the first slash (filemail:///tmp/mail is tmp/mail), so four slashes make it absolute.
    # https://docs.djangoproject.com/en/5.2/topics/email/#file-backend
    return start_live_service(users=running_users_server.url, env={"EMAIL_URL": f"filemail:///{mail_folder}"})
