"""What a test run declared on RabbitMQ is gone once it ends: a system started as processes
(``remove_broker_objects``), and the exchange of a suite's run (the plugin, as its session ends).

A system's workers declare, per service, a tasks queue with the direct exchange Celery gives
it, and an events queue bound to the system's topic exchange. A test that publishes declares
its run's exchange. A shared RabbitMQ would otherwise gather them, run after run.
"""

import contextlib
import os
import re
import uuid
from pathlib import Path

import pytest
from amqp.exceptions import NotFound
from celery import Celery
from kombu import Connection

from microshop_common.processes import DEFAULT_PORTS, System, local_services
from microshop_common.settings.celery import events_queue, task_queues, tasks_queue
from microshop_testing.live_system import remove_broker_objects

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
SERVICES_DIR = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(
    not BROKER_URL.startswith("amqp"),
    reason="the embedded broker keeps a run's queues and exchanges as files in a folder of the run's own",
)


@pytest.fixture
def system(tmp_path):
    system = System(
        services=local_services(dict(DEFAULT_PORTS), SERVICES_DIR),
        state_dir=tmp_path,
        database_url=None,
        broker_url=BROKER_URL,
        exchange=f"microshop.test-{uuid.uuid4().hex[:8]}",
        secret_key="",
        fake_ports={},
    )
    yield system
    # What a broken remove_broker_objects left, so that a failing run leaves nothing either.
    for kind, name in names_of(system):
        delete(kind, name)


def names_of(system: System) -> list[tuple[str, str]]:
    """("queue" or "exchange", name) of everything a system's workers declare."""
    names = [("exchange", system.exchange)]
    for service in system.services:
        for name in (
            events_queue(system.exchange, service=service.name),
            tasks_queue(system.exchange, service=service.name),
        ):
            names.append(("queue", name))
        names.append(("exchange", tasks_queue(system.exchange, service=service.name)))
    return names


def declare_as_the_workers_do(system: System) -> None:
    for service in system.services:
        # As each service's settings configure its app (CELERY_TASK_QUEUES, CELERY_TASK_DEFAULT_QUEUE).
        app = Celery(service.name, broker=system.broker_url)
        app.conf.task_queues = task_queues(system.exchange, service=service.name, consumes=("order.placed",))
        app.conf.task_default_queue = tasks_queue(system.exchange, service=service.name)
        with app.connection_for_write() as connection:
            for queue in app.amqp.queues.values():
                queue(connection.default_channel).declare()


def exists(kind: str, name: str) -> bool:
    with Connection(BROKER_URL) as connection, connection.channel() as channel:
        try:
            if kind == "queue":
                channel.queue_declare(name, passive=True)
            else:
                channel.exchange_declare(name, "direct", passive=True)
        except NotFound:
            return False
    return True


def delete(kind: str, name: str) -> None:
    with Connection(BROKER_URL) as connection, contextlib.suppress(NotFound), connection.channel() as channel:
        (channel.queue_delete if kind == "queue" else channel.exchange_delete)(name)


def test_no_queue_or_exchange_of_a_removed_system_is_left(system):
    declare_as_the_workers_do(system)
    assert all(exists(kind, name) for kind, name in names_of(system))

    remove_broker_objects(system)

    assert [name for kind, name in names_of(system) if exists(kind, name)] == []


SUITE_CONFTEST = """
import os

import django
from celery import Celery
from django.conf import settings
from kombu import Queue

from microshop_common.settings.celery import task_queues, tasks_queue
from microshop_testing.environment import RUN_ID

EXCHANGE = f"microshop.test-{RUN_ID}"
settings.configure(
    INSTALLED_APPS=["microshop_common.events"],
    EVENTS_EXCHANGE=EXCHANGE,
    CELERY_BROKER_URL=os.environ["CELERY_BROKER_URL"],
)
django.setup()
app = Celery("example", broker=settings.CELERY_BROKER_URL, set_as_current=True)
# A queue of the broker's that is not named after this run: someone else's.
app.conf.task_queues = [*task_queues(EXCHANGE, service="example"), Queue(f"someone-else-{RUN_ID}")]
app.conf.task_default_queue = tasks_queue(EXCHANGE, service="example")
"""

PUBLISHING_TEST = """
from celery import current_app

from microshop_common.events.broker import events_exchange


def test_it_publishes():
    with current_app.connection_for_write() as connection:
        for queue in current_app.amqp.queues.values():
            queue(connection.default_channel).declare()
        events_exchange()(connection.default_channel).declare()
    print("EXCHANGE", events_exchange().name)
    print("OTHERS", *(name for name in current_app.amqp.queues if name.startswith("someone-else-")))
"""


def test_the_exchange_a_suite_published_to_is_gone_once_its_run_ends_and_nobody_else_s_queue(pytester):
    pytester.makepyfile(**{"tests/conftest": SUITE_CONFTEST, "tests/integration/test_publishing": PUBLISHING_TEST})

    # A process of its own, as each suite runs: the run id, and so the exchange, is the process's.
    result = pytester.runpytest_subprocess("-p", "no:django", "-s")

    result.assert_outcomes(passed=1)
    [exchange] = re.findall(r"EXCHANGE (\S+)", result.stdout.str())
    [someone_else_s] = re.findall(r"OTHERS (\S+)", result.stdout.str())
    try:
        assert not exists("exchange", exchange)
        assert exists("queue", someone_else_s)
    finally:
        # What a broken clean-up would leave: the run's exchange, and its tasks queue's.
        example_tasks = tasks_queue(exchange, service="example")
        for kind, name in [("exchange", exchange), ("queue", example_tasks), ("exchange", example_tasks)]:
            delete(kind, name)
        delete("queue", someone_else_s)
        delete("exchange", someone_else_s)
