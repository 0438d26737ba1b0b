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


class Listener:
    """A psycopg connection, as far as the relay uses one: notifications already sent to it."""

    def __init__(self, notifications: int):
        self.pending = [f"notification {number}" for number in range(notifications)]
        self.executed: list[str] = []
        self.autocommit = False
        self.closed = False

    def execute(self, sql: str) -> None:
        self.executed.append(sql)

    def notifies(self, *, timeout: float, stop_after: int | None = None):
        delivered = 0
        while self.pending and (stop_after is None or delivered < stop_after):
            delivered += 1
            yield self.pending.pop(0)

    def close(self) -> None:
        self.closed = True


class ListeningPostgreSQL:
    vendor = "postgresql"
    Database = psycopg

    def __init__(self, listener: Listener):
        self.listener = listener
        self.connections_opened = 0

    def get_connection_params(self) -> dict:
        return {}

    def get_new_connection(self, params) -> Listener:
        self.connections_opened += 1
        return self.listener


def seconds_waited(wake_up: RelayWakeUp, timeout: float) -> float:
    started = time.monotonic()
    wake_up.wait(timeout)
    return time.monotonic() - started


def test_without_postgresql_the_relay_waits_for_its_next_poll():
    assert seconds_waited(RelayWakeUp(connection=SQLite()), timeout=0.05) >= 0.05


def test_when_postgresql_refuses_the_listener_the_relay_polls_and_says_so(caplog):
    wake_up = RelayWakeUp(connection=UnreachablePostgreSQL())

    assert seconds_waited(wake_up, timeout=0.05) >= 0.05
    assert "not listening for new events (connection refused); polling every 0.05s" in caplog.text
    wake_up.close()


def test_on_postgresql_the_relay_listens_on_a_connection_of_its_own_outside_any_transaction():
    listener = Listener(notifications=1)
    wake_up = RelayWakeUp(connection=ListeningPostgreSQL(listener))

    assert seconds_waited(wake_up, timeout=10) < 1
    assert listener.executed == ["LISTEN microshop_outbox"]
    assert listener.autocommit is True


def test_notifications_that_came_together_wake_the_relay_once_and_its_connection_is_kept():
    listener = Listener(notifications=3)
    database = ListeningPostgreSQL(listener)
    wake_up = RelayWakeUp(connection=database)

    wake_up.wait(10)
    wake_up.wait(0)

    assert listener.pending == []
    assert database.connections_opened == 1


def test_closing_the_wake_up_closes_its_listening_connection():
    listener = Listener(notifications=1)
    wake_up = RelayWakeUp(connection=ListeningPostgreSQL(listener))
    wake_up.wait(10)

    wake_up.close()

    assert listener.closed
