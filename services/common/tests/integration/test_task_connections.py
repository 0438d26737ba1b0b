"""Workers drop a database connection between tasks only when Django would between requests."""

from types import SimpleNamespace

import pytest
from django.db import connection

from microshop_common.celery import _close_old_database_connections

pytestmark = pytest.mark.django_db


def task(*, eager: bool) -> SimpleNamespace:
    return SimpleNamespace(request=SimpleNamespace(is_eager=eager))


def test_an_eager_task_leaves_the_connection_of_its_caller_alone():
    # The test runs inside a transaction, as an eager task's caller does.
    connection.ensure_connection()

    _close_old_database_connections(task=task(eager=True))

    assert not connection.closed_in_transaction
    assert connection.is_usable()
