"""Waking the outbox relay as soon as an event is committed, instead of at its next poll.

On PostgreSQL the transaction that writes an event also sends ``NOTIFY``, which the
server delivers when that transaction commits and never when it rolls back; the relay
``LISTEN``s between polls, so an event goes out within milliseconds of its commit, and
the relay's polling interval is only a safety net. Other databases have no such thing,
and there the relay polls. https://www.postgresql.org/docs/15/sql-notify.html
"""

import logging
import time

from django.db import connection as default_connection
from django.db import transaction

logger = logging.getLogger(__name__)

CHANNEL = "microshop_outbox"
# How long to gather the news of other commits after the first; a zero timeout would
# not read what the server has already sent.
DRAIN_SECONDS = 0.01


def announce_event() -> None:
    """Call inside the transaction that writes an event; a listening relay hears of it on commit."""
    current = transaction.get_connection()
    if current.vendor == "postgresql":
        with current.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")


class RelayWakeUp:
    """Waits for the next committed event, or for ``timeout`` seconds, whichever comes first.

    ``connection`` is the Django connection whose database the events are written to.
    """

    def __init__(self, connection=default_connection):
        self._connection = connection
        self._listener = None

    def wait(self, timeout: float) -> None:
        if self._connection.vendor != "postgresql":
            time.sleep(timeout)
            return
        try:
            listener = self._listening()
            for _ in listener.notifies(timeout=timeout, stop_after=1):
                pass
            # Commits that came together wake the relay once: its next batch takes them all.
            for _ in listener.notifies(timeout=DRAIN_SECONDS):
                pass
        except self._connection.Database.Error as exc:  # the driver's own errors: this connection is not Django's
            logger.warning("not listening for new events (%s); polling every %ss", exc, timeout)
            self.close()
            time.sleep(timeout)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _listening(self):
        if self._listener is None or self._listener.closed:
            # A connection of its own: LISTEN must stay outside the relay's transactions.
            self._listener = self._connection.get_new_connection(self._connection.get_connection_params())
            self._listener.autocommit = True
            self._listener.execute(f"LISTEN {CHANNEL}")
        return self._listener
