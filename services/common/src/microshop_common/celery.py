"""The Celery app of a service: how every microshop worker behaves, and the service's own settings."""

import os
import threading
from typing import Any

from celery import Celery, signals
from django.db import close_old_connections
from kombu.asynchronous import get_event_loop

# The same for every service, so set here rather than in four settings files.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
WORKER_BEHAVIOUR: dict[str, Any] = {
    "broker_connection_retry_on_startup": True,
    # Messages carry ids and values, never pickled objects.
    "task_serializer": "json",
    "accept_content": ["json"],
    "task_ignore_result": True,
    # Late acknowledgement: a message is acknowledged after its task finished, so a
    # worker killed mid-task leaves it unacknowledged and the broker redelivers it.
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
    "worker_prefetch_multiplier": 1,
    "worker_hijack_root_logger": False,
    "worker_send_task_events": False,
    # Remote control uses broadcast exchanges shared by every worker on the broker.
    "worker_enable_remote_control": False,
}


def make_celery_app(service: str) -> Celery:
    # Celery's Django fixup runs Django's system checks as a worker starts, unless this is set.
    # They ran in `setup_service` before any worker, and cost 0.4 s of the 2.3 s of CPU an
    # orders worker's first 4 s took (under coverage, as the tests run it). Set it empty to
    # run them anyway.
    os.environ.setdefault("CELERY_SKIP_CHECKS", "1")
    app = Celery(service)
    # The broker, the queues and the rest of what differs between services come from
    # Django settings with the CELERY_ prefix; WORKER_BEHAVIOUR wins over them.
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(WORKER_BEHAVIOUR)
    app.autodiscover_tasks()
    return app


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_database_connections(*, task, **kwargs) -> None:
    # What Django does at the start and end of every request: drop a connection that
    # broke or outlived CONN_MAX_AGE, and keep the others for the next task. An eager
    # task runs inside its caller's transaction, whose connection is not ours to close.
    if not task.request.is_eager:
        close_old_connections()


@signals.worker_shutting_down.connect
def _wake_the_event_loop(**kwargs: Any) -> None:
    # SIGTERM and Ctrl-C only set a flag, which the worker's event loop reads when its poll
    # returns; with nothing to do and no heartbeat timer, that poll waits for the next timer,
    # up to ten seconds (an idle worker took 4 to 6.5 s to stop, 1.9 s with this). A callback
    # handed to the loop from another thread wakes it at once. The embedded broker's worker
    # has no such loop; its waits for messages end early instead (events/filesystem.py).
    hub = get_event_loop()
    if hub is not None:
        threading.Thread(target=hub.call_soon, args=(_nothing,), daemon=True).start()


def _nothing() -> None:
    """The callback that wakes the loop; its waking is all it is for."""
