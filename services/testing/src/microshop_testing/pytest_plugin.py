"""The pytest plugin of every microshop suite, registered as ``microshop`` (entry point ``pytest11``).

Installing ``microshop-testing`` is all it takes: pytest loads it in every run of that
environment, unless told not to (tests/run_layers.py turns autoloading off and names it
with ``-p``). It gives each test the marker of its layer from the folder it lives in
(``tests/unit/`` → ``unit``), so ``pytest -m unit`` and ``pytest tests/unit`` agree,
holds the fixtures every service needs, and collects the security tests every service
shares (``microshop_testing.security_suite``) from its ``tests/security/tables.py``.

pytest imports this module before pytest-django has configured Django, and in runs
without Django at all, so Django, DRF and the plumbing are imported inside the fixtures.
"""

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from microshop_testing import needs_postgresql

# A failing test that used a service started as real processes shows that service's logs.
from microshop_testing.failure_logs import pytest_runtest_makereport  # noqa: F401
from microshop_testing.no_processes import processes_refused

if TYPE_CHECKING:
    from rest_framework.test import APIClient

    from microshop_testing.live_service import LiveService

LAYERS = {
    "unit": "no database, network, broker or other process: a socket or a process fails the test; runs in milliseconds",
    "integration": "the real database and broker, a real Celery worker",
    "component": "the whole service as a black box, its neighbours replaced",
    "contract": "Pact contracts and the committed OpenAPI document",
    "security": "the OWASP API Security Top 10: authorization matrix, injection, exposure, throttles, fuzzing",
}


def pytest_configure(config):
    from microshop_testing.pact_run import PLUGIN_NAME, PactRun

    for layer, description in LAYERS.items():
        config.addinivalue_line("markers", f"{layer}: {description}")
    config.pluginmanager.register(PactRun(config), PLUGIN_NAME)
    needs_postgresql.register(config)


def pytest_collection_modifyitems(items):
    for item in items:
        layer = next((part for part in item.path.parts if part in LAYERS), None)
        if layer is not None:
            item.add_marker(getattr(pytest.mark, layer))
        if layer == "unit":
            # pytest-socket's marker: opening a socket raises SocketBlockedError, so a unit
            # test that reaches the network, or a server on this machine, fails.
            # https://github.com/miketheman/pytest-socket#usage
            item.add_marker(pytest.mark.disable_socket)
    needs_postgresql.record_in_reports(items)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item):
    """A unit test, from its fixtures' set-up to their teardown, starts no process."""
    with processes_refused(item.get_closest_marker("unit") is not None):
        yield


@pytest.fixture(autouse=True)
def _forget_what_the_throttles_counted():
    """Every test starts with no request counted against a limit.

    Only a cache in this process's memory is emptied (the test settings choose one); a
    shared one, such as Redis, is never flushed from here.
    """
    yield
    from django.conf import settings

    if not settings.configured:
        return
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture
def low_throttle_rates(settings) -> dict[str, str]:
    """Every limit low enough to reach in a test: two logins or orders a minute, two sign-ups an hour."""
    rates = {"login": "2/min", "register": "2/hour", "orders": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return rates


@pytest.fixture
def default_throttle_rates(settings, monkeypatch) -> dict[str, str]:
    """The limits of a deployment that sets none of ``THROTTLE_LOGIN``, ``THROTTLE_REGISTER``, ``THROTTLE_ORDERS``.

    Read as the settings read them, from an environment without the raised rates the
    test settings give every other test.
    """
    import environ

    from microshop_common.settings.drf import THROTTLE_DEFAULTS, throttle_rates

    for scope in THROTTLE_DEFAULTS:
        monkeypatch.delenv(f"THROTTLE_{scope.upper()}", raising=False)
    rates = throttle_rates(environ.Env())
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return rates


@pytest.fixture
def api_client() -> "APIClient":
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def client_for():
    """``client_for(user_id=7)``, ``client_for(user_id=1, is_staff=True)`` or ``client_for(service="orders")``."""
    from rest_framework.test import APIClient

    from microshop_testing.tokens import customer_token, service_token

    def make(*, user_id: int | None = None, is_staff: bool = False, service: str | None = None) -> APIClient:
        client = APIClient()
        token = service_token(service) if service else customer_token(user_id, is_staff=is_staff)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def stubbed_http():
    """Every HTTP call made through ``requests`` during the test, answered by ``responses``
    (the stubs of ``microshop_testing.stubs``).

    A call that no stub answers fails as if the connection were refused. ``responses``
    patches ``requests`` for every thread of the process, so a worker's calls land here too.
    """
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def published_events():
    """The events this service's code wrote to its outbox, oldest first: ``published_events("order.placed")``."""
    from microshop_common.events.models import OutboxEvent

    def read(event_type: str | None = None) -> list[dict]:
        events = OutboxEvent.objects.order_by("id")
        if event_type:
            events = events.filter(event_type=event_type)
        return [event.envelope for event in events]

    return read


@pytest.fixture(scope="module")
def _module_event_worker(django_db_setup, django_db_blocker):
    from celery import current_app

    from microshop_testing.worker import running_worker

    # One worker per test module: starting one costs a second. It must not outlive its
    # module, or it would take the messages meant for a service started as a process
    # (component tests) from the same queue.
    with running_worker(current_app):
        yield


@pytest.fixture
def event_worker(_module_event_worker, transactional_db):
    """This service's real Celery worker, consuming its queues on the real broker.

    Its thread has its own database connection, so it sees only committed rows: tests
    that use it run with ``transactional_db``, exactly as production does.
    """


@pytest.fixture
def finished_deliveries():
    """``finished_deliveries(envelope)``: how many deliveries of that event this process's worker has finished.

    A delivery is finished once its task has returned, whatever came of it: handled,
    ignored as a duplicate or dead-lettered; one sent back to be retried is not. Waiting
    for two finished deliveries of a duplicated event does not depend on the order in
    which they come, which a retry or a redelivery changes: waiting for an event
    published after them would.
    """
    import threading
    from collections import Counter

    from celery.signals import task_postrun

    from microshop_common.events.broker import CONSUME_TASK

    finished: Counter[str] = Counter()
    lock = threading.Lock()

    def count(*, task, args=None, state=None, **_) -> None:
        if task.name == CONSUME_TASK and state != "RETRY" and args and isinstance(args[0], dict):
            with lock:
                finished[args[0].get("event_id")] += 1

    task_postrun.connect(count, weak=False)
    try:
        yield lambda envelope: finished[envelope["event_id"]]
    finally:
        task_postrun.disconnect(count)


@pytest.fixture
def pact_with(request):
    """``pact_with("users")``: this service's pact with a provider, for a consumer's test.

    The run writes its pacts to services/contracts/pacts/, from scratch, when it has run
    every consumer test and they passed (``microshop_testing.pact_run``); the mock server
    checks the service token the consumer sends (``microshop_testing.pacts.ConsumerPact``).
    """
    from microshop_testing.pact_run import PLUGIN_NAME
    from microshop_testing.pacts import recording_pacts

    with recording_pacts(request.config.pluginmanager.get_plugin(PLUGIN_NAME)) as pact_with:
        yield pact_with


@pytest.fixture(scope="module")
def start_live_service(tmp_path_factory, django_db_blocker):
    """``start_live_service(users=url)``: the service under test as real processes, until the module ends.

    Its API, worker and relay (``LiveService``) talk to this run's broker, on a database of
    their own unless ``database_url`` names one; the options are ``running_service``'s. A
    fixture that starts the service after its stub servers asks for this one last, so that
    the service stops before they do.
    """
    from django.conf import settings

    from microshop_testing.live_service import running_service

    service_dir = Path(settings.BASE_DIR)
    with contextlib.ExitStack() as running:

        def start(*, database_url: str | None = None, **options) -> "LiveService":
            if database_url is None:
                running.enter_context(django_db_blocker.unblock())
            log_dir = tmp_path_factory.mktemp(f"{service_dir.name}-logs")
            return running.enter_context(
                running_service(service_dir, log_dir=log_dir, database_url=database_url, **options)
            )

        yield start


@pytest.fixture(scope="module")
def live_provider(django_db_setup, start_live_service) -> "LiveService":
    """The provider of a pact: its API under gunicorn, on this test session's database, so that a
    provider state is the rows a test writes with its factories.

    The API alone: a pact's requests need nothing else, and its events are read from the outbox
    in the test's process. pytest-django has migrated the database. With the worker and the
    relay started and stopped too, users' provider suite took 16.5 s instead of 11.3 s, and
    inventory's 15.0 s instead of 9.2 s (``python tests/run_layers.py contract``, embedded).
    """
    from microshop_testing.pacts import session_database_url

    return start_live_service(database_url=session_database_url(), api_only=True)


@pytest.fixture
def event_publisher():
    """Publishes an envelope to the events exchange, as another service's outbox relay would."""
    from celery import current_app

    from microshop_common.events.broker import CeleryEventPublisher

    return CeleryEventPublisher(current_app._get_current_object())


@pytest.fixture
def smtp_server():
    """A real mail server on a free port of 127.0.0.1 (``microshop_testing.smtp.SmtpServer``).

    It records what it receives in ``messages``; ``refuse()`` makes it answer with 451
    until ``accept()``. Point this process's Django at it through pytest-django's
    ``settings`` fixture, which puts everything back after the test:
    ``for name, value in smtp_server.django_settings().items(): setattr(settings, name, value)``.
    """
    from microshop_testing.smtp import SmtpServer

    with SmtpServer() as server:
        yield server


class SecurityTables(pytest.Module):
    """A service's ``tests/security/tables.py``, collected with the security tests every service runs on its tables.

    The tests are written once, in ``microshop_testing.security_suite``; the tables, and the
    ``world`` fixture they run against, are the service's own.
    """

    def _getobj(self):
        from microshop_testing import security_suite

        return security_suite.with_tests(super()._getobj())


def pytest_collect_file(file_path, parent):
    if file_path.name == "tables.py" and file_path.parent.name == "security":
        return SecurityTables.from_parent(parent, path=file_path)
    return None


@pytest.fixture
def security_tables(request):
    """The ``tables.py`` the running security test was collected from (see ``SecurityTables``)."""
    return request.module


def pytest_terminal_summary(terminalreporter, config):
    """What the security layer sent: matrix cells, injected requests, fuzzed cases."""
    from microshop_testing import fuzzing, security

    security.report(terminalreporter)
    fuzzing.report(config, terminalreporter)


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Requests sent to the WSGI application itself run in the test's transaction, as the test client's do.

    Django closes the database connection at the end of every request (``request_finished``),
    which would close the test's own; its test client unhooks that signal, and so does this.
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_case_counter(request, wsgi_in_the_test_transaction):
    """How many cases the fuzz tests of this run sent (microshop_testing.fuzzing); counts this test's operation."""
    from microshop_testing.fuzzing import CASES

    counted = request.config.stash.setdefault(CASES, {"cases": 0, "operations": 0})
    counted["operations"] += 1
    return counted


@pytest.fixture(params=["customer", "staff"])
def fuzz_authorization(request, world) -> str:
    """The ``Authorization`` header of the owner in the security layer's ``world``, then of its staff member."""
    from microshop_testing.tokens import customer_token

    if request.param == "staff":
        return f"Bearer {customer_token(world.staff_id, is_staff=True)}"
    return f"Bearer {customer_token(world.owner_id)}"


def pytest_sessionfinish(session):
    """Remove what this run left behind: each run has a folder of the embedded broker, or an
    exchange and queues on RabbitMQ, and SQLite files, of its own, and nobody reads them after."""
    import shutil

    from django.conf import settings

    from microshop_testing.environment import RUN_DIR, RUN_ID

    shutil.rmtree(RUN_DIR / f"broker-{RUN_ID}", ignore_errors=True)
    # Django deletes a SQLite test database's file but not its -wal and -shm files, which
    # stay when another process (a provider's gunicorn) still had the database open.
    for leftover in RUN_DIR.glob(f"*_{RUN_ID}.sqlite3-*"):
        leftover.unlink(missing_ok=True)
    # On RabbitMQ: a test that publishes declares the exchange again after a worker's teardown
    # deleted it. Unit tests reach no broker, and a run that names an exchange of its own keeps it.
    reached_the_broker = any(item.get_closest_marker("unit") is None for item in session.items)
    this_run_s_exchange = f"microshop.test-{RUN_ID}"
    if (
        reached_the_broker
        and settings.configured
        and not settings.CELERY_BROKER_URL.startswith("filesystem://")
        and this_run_s_exchange == settings.EVENTS_EXCHANGE
    ):
        from celery import current_app

        from microshop_testing.worker import delete_queues

        delete_queues(current_app._get_current_object())
