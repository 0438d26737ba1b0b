"""How the relay waits between polls when the database cannot wake it."""

import time

import psycopg

from microshop_common.events.wakeup import RelayWakeUp


class UnreachablePostgreSQL:
    """A Django connection to a PostgreSQL server that refuses every new connection."""

    vendor = "postgresql"
    Database = psycopg

    def get_connection_params(self) -> dict:
        return {}

    def get_new_connection(self, params):
        raise psycopg.OperationalError("connection refused")


class SQLite:
    vendor = "sqlite"


def seconds_waited(wake_up: RelayWakeUp, timeout: float) -> float:
    started = time.monotonic()
    wake_up.wait(timeout)
    return time.monotonic() - started


def test_without_postgresql_the_relay_waits_for_its_next_poll():
    assert seconds_waited(RelayWakeUp(connection=SQLite()), timeout=0.2) >= 0.2


def test_when_postgresql_refuses_the_listener_the_relay_polls_and_says_so(caplog):
    wake_up = RelayWakeUp(connection=UnreachablePostgreSQL())

    assert seconds_waited(wake_up, timeout=0.2) >= 0.2
    assert "not listening for new events (connection refused); polling every 0.2s" in caplog.text
    wake_up.close()
