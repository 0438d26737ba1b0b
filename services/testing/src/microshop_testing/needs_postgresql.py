"""The ``needs_postgresql`` marker: a test whose point needs PostgreSQL, though it runs on SQLite too.

Row locks (``SELECT … FOR UPDATE``, ``SKIP LOCKED``), transactions that really run at
the same time, a transaction that an error has aborted, ``LISTEN``/``NOTIFY``: SQLite has
none of them. There such a test still runs, and passes, but proves less. Forty threads
racing for ten units take turns on SQLite's one write lock, so a missing row lock goes
unnoticed; on PostgreSQL they race for real.

Each marked test says so in the JUnit XML report (a property ``needs_postgresql``), and the
layer runner (``tests/run_layers.py``) tells, per layer, how many of them ran and on which
database. The microshop plugin registers the marker; the end-to-end layer, which runs
without that plugin, registers it from its own ``conftest.py``.
"""

import pytest

MARKER = "needs_postgresql"
DESCRIPTION = (
    "its point needs PostgreSQL (row locks, concurrent transactions, LISTEN/NOTIFY): "
    "it runs on SQLite too, where it proves less"
)


def register(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: {DESCRIPTION}")


def record_in_reports(items: list[pytest.Item]) -> None:
    """Name every marked test in the JUnit XML report, as a property of its test case."""
    for item in items:
        if item.get_closest_marker(MARKER) is not None:
            item.user_properties.append((MARKER, "true"))
