"""Environment defaults for test settings, applied before the base settings read it.

Each run gets its own exchange, queues, embedded-broker folder and test database name,
so two test runs (or a test run beside ``make run``) never share anything.
"""

import os
import tempfile
import uuid
from pathlib import Path

from microshop_common.keys import generate_all

RUN_ID = uuid.uuid4().hex[:8]
# Tests and benches sign up and order for many customers from one address within seconds,
# which the limits a deployment keeps would stop. They raise them through the variables a
# deployment would set; a variable already in the environment wins.
RAISED_THROTTLES = {"THROTTLE_LOGIN": "100000/min", "THROTTLE_REGISTER": "100000/min", "THROTTLE_ORDERS": "100000/min"}
RUN_DIR = Path(tempfile.gettempdir()) / f"microshop-test-{os.getuid()}"


def use_test_environment() -> None:
    keys_dir = RUN_DIR / "keys"
    generate_all(keys_dir)
    os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-tests-only")
    os.environ.setdefault("JWT_KEYS_DIR", str(keys_dir))
    os.environ.setdefault("EVENTS_EXCHANGE", f"microshop.test-{RUN_ID}")
    os.environ.setdefault("CELERY_BROKER_URL", f"filesystem://{RUN_DIR / f'broker-{RUN_ID}'}")


def test_database_name(database: dict, service: str) -> str:
    """A test database name of this run's own; SQLite gets a file so threads can share it."""
    if database["ENGINE"].endswith("sqlite3"):
        return str(RUN_DIR / f"test_{service}_{RUN_ID}.sqlite3")
    return f"test_{service}_{RUN_ID}"


def databases_of_this_run(databases: dict, *, service: str) -> dict:
    """A service's ``DATABASES`` for its test suite: a test database of this run's own, no connection kept.

    The worker thread of the integration tests must not hold a connection past its task,
    or the test database cannot be dropped at the end of the run.
    """
    default = databases["default"]
    return {"default": {**default, "TEST": {"NAME": test_database_name(default, service)}, "CONN_MAX_AGE": 0}}


def caches_in_memory() -> dict:
    """Each test process counts the throttles in memory of its own, whatever ``REDIS_URL`` says.

    The test plugin empties it after every test.
    """
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
