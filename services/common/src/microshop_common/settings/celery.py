"""Celery and the events: the broker, the queues, the exchange and the outbox relay.

Settings named ``CELERY_*`` reach Celery through ``make_celery_app``'s ``CELERY`` namespace.
"""

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import environ
from kombu import Exchange, Queue, binding

from microshop_common.settings import embedded_dir

# How every worker behaves is set by microshop_common.celery.make_celery_app.
# Celery's Django fixup closes the database connection before and after every
# task unless told to reuse it; microshop_common.celery closes it only when it is
# unusable or older than CONN_MAX_AGE, as Django does between requests.
CELERY_DB_REUSE_MAX = 1000

EMBEDDED_TRANSPORT = "microshop_common.events.filesystem:Transport"


def broker_url(env: environ.Env, *, base_dir: Path) -> str:
    """``CELERY_BROKER_URL``, or the embedded broker's folder under ``var/``."""
    return env.str("CELERY_BROKER_URL", default=f"filesystem://{embedded_dir(base_dir) / 'broker'}")


def broker_transport(url: str) -> str | None:
    """The embedded broker's transport for a ``filesystem://`` URL; kombu's own otherwise."""
    return EMBEDDED_TRANSPORT if url.startswith("filesystem://") else None


def broker_transport_options(url: str) -> dict[str, Any]:
    if url.startswith("filesystem://"):
        # The embedded broker: messages are files under one folder shared by every
        # process; bindings live in files under control/, so topic routing works across
        # processes. https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.filesystem.html
        folder = Path(urlparse(url).path)
        messages, control = folder / "messages", folder / "control"
        return {
            "data_folder_in": str(messages),
            "data_folder_out": str(messages),
            "control_folder": str(control),
            "polling_interval": 0.1,
        }
    # Ask RabbitMQ to confirm each publish, so the outbox marks an event as sent only once
    # the broker holds it. https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.pyamqp.html
    return {"confirm_publish": True, "max_retries": 2, "interval_start": 0, "interval_step": 0.5}


def events_exchange(env: environ.Env) -> str:
    """``EVENTS_EXCHANGE``: the topic exchange every service publishes its events to."""
    return env.str("EVENTS_EXCHANGE", default="microshop.events")


# Queue names start with the exchange name, so a second system on the same broker
# (a test run beside `make run`) shares nothing with the first.
def events_queue(exchange: str, *, service: str) -> str:
    """The queue of the events a service consumes."""
    return f"{exchange}.{service}"


def tasks_queue(exchange: str, *, service: str) -> str:
    """The queue of a service's own tasks, such as sending an e-mail."""
    return f"{exchange}.{service}.tasks"


def task_queues(exchange: str, *, service: str, consumes: tuple[str, ...] = ()) -> list[Queue]:
    """``CELERY_TASK_QUEUES``: the tasks queue, and, for a consumer, its events queue.

    ``consumes``: the routing keys (event types) the events queue is bound to.
    """
    queues = [Queue(tasks_queue(exchange, service=service), durable=True)]
    if consumes:
        topic = Exchange(exchange, type="topic", durable=True)
        queues.append(
            Queue(
                events_queue(exchange, service=service),
                bindings=[binding(topic, routing_key=key) for key in consumes],
                durable=True,
            )
        )
    return queues


def outbox_relay_interval(env: environ.Env) -> float:
    """``OUTBOX_RELAY_INTERVAL``: seconds between two polls of the outbox by the relay."""
    return env.float("OUTBOX_RELAY_INTERVAL", default=0.2)
