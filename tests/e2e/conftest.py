import os
import statistics
import time
from pathlib import Path

import pytest

from microshop_testing import needs_postgresql
from microshop_testing.live_system import LiveSystem
from microshop_testing.shop import Shop

ORDER_LATENCIES = pytest.StashKey[list[float]]()
STARTED = pytest.StashKey[float]()
# The whole layer, start-up of the system included, must stay fast enough to run on every change.
BUDGET_SECONDS = float(os.environ.get("E2E_BUDGET_SECONDS", "240"))


@pytest.fixture(scope="session")
def live_system(tmp_path_factory):
    system = LiveSystem(tmp_path_factory.mktemp("microshop-e2e"), repo_dir=Path(__file__).resolve().parents[2])
    try:
        system.start()
        yield system
    finally:
        system.stop()


@pytest.fixture
def shop(live_system) -> Shop:
    return Shop(live_system)


def pytest_configure(config):
    needs_postgresql.register(config)


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)
    needs_postgresql.record_in_reports(items)


@pytest.fixture(scope="session")
def order_latencies(request) -> list[float]:
    """Seconds from POST /api/orders/ to the order reading confirmed, shown at the end of the run."""
    return request.config.stash.setdefault(ORDER_LATENCIES, [])


def pytest_sessionstart(session):
    session.config.stash[STARTED] = time.monotonic()


def pytest_sessionfinish(session, exitstatus):
    elapsed = time.monotonic() - session.config.stash[STARTED]
    if elapsed > BUDGET_SECONDS and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config):
    elapsed = time.monotonic() - config.stash[STARTED]
    verdict = "within" if elapsed <= BUDGET_SECONDS else "OVER"
    terminalreporter.write_line(f"e2e layer: {elapsed:.0f}s, {verdict} its budget of {BUDGET_SECONDS:.0f}s")
    latencies = config.stash.get(ORDER_LATENCIES, [])
    if latencies:
        terminalreporter.write_line(
            f"order placed -> confirmed: median {statistics.median(latencies):.2f}s, "
            f"max {max(latencies):.2f}s over {len(latencies)} orders"
        )
