"""Removing from the broker what a test run declared there: nobody else needs it."""

import contextlib
from collections.abc import Iterable

from kombu import Connection, Exchange, Queue


def delete_from_broker(connection: Connection, *, queues: Iterable[Queue], exchanges: Iterable[Exchange]) -> None:
    """Delete ``queues``, then ``exchanges``; one that was never declared is skipped.

    A channel each: RabbitMQ closes a channel on the first error (an object that was never
    declared), and every later call on it would fail too.
    """
    for entity in [*queues, *exchanges]:
        with contextlib.suppress(Exception), connection.channel() as channel:
            entity(channel).delete()
