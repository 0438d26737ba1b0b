import os
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import make_run_system
import pytest
from make_run_system import MakeRun

from microshop_testing import needs_postgresql
from microshop_testing.live_system import LiveSystem
from microshop_testing.shop import Shop

ORDER_LATENCIES = pytest.StashKey[list[float]]()
STARTED = pytest.StashKey[float]()
LAST_JOURNEY = pytest.StashKey[pytest.Item]()
MAKE_RUN_STARTING_BESIDE = pytest.StashKey[bool]()
JOURNEYS_SYSTEM_STOPPING = pytest.StashKey[threading.Thread]()
# The whole layer, start-up of the system included, must stay fast enough to run on every change.
BUDGET_SECONDS = float(os.environ.get("E2E_BUDGET_SECONDS", "240"))


@pytest.fixture(scope="session")
def live_system(request, tmp_path_factory):
    """The journeys' system, stopped once the last journey has run (pytest_runtest_teardown)."""
    system = LiveSystem(tmp_path_factory.mktemp("microshop-e2e"), repo_dir=Path(__file__).resolve().parents[2])
    stopping = threading.Thread(target=system.stop, name="stopping the journeys' system")
    try:
        system.start()
        request.config.stash[JOURNEYS_SYSTEM_STOPPING] = stopping
        yield system
    finally:
        if stopping.ident is None:
            system.stop()
        else:
            stopping.join()


@pytest.fixture
def shop(live_system) -> Shop:
    return Shop(live_system)


@pytest.fixture(scope="session")
def launched_make_run(tmp_path_factory) -> Iterator[MakeRun]:
    """``make run``'s system, started and not waited for; stopped at the end of the session."""
    running = make_run_system.launch(tmp_path_factory.mktemp("make-run"))
    try:
        yield running
    finally:
        make_run_system.stop(running)


@pytest.fixture(scope="session")
def make_run(launched_make_run) -> MakeRun:
    """``make run``'s system, once it says it is up."""
    launched_make_run.wait_for(make_run_system.UP, timeout=make_run_system.STARTUP_TIMEOUT)
    return launched_make_run


@pytest.fixture(scope="session", autouse=True)
def make_run_starting_while_the_journeys_run(request) -> None:
    """In a run of journeys and of make run's tests, start make run's system once the journeys'
    is up, and leave it starting: its tests run last.

    Starting a system is CPU-bound, and two started at once take as long as one after the
    other. A journey mostly waits for the system it drives, which leaves make run's system
    most of the CPU to start on.
    """
    wanted = [set(item.fixturenames) for item in request.session.items]
    if any("make_run" in names for names in wanted) and any("live_system" in names for names in wanted):
        request.getfixturevalue("live_system")
        request.getfixturevalue("launched_make_run")
        request.config.stash[MAKE_RUN_STARTING_BESIDE] = True


def pytest_collection_finish(session):
    # The tests that run, once -k and the like have deselected the others.
    journeys = [item for item in session.items if "live_system" in item.fixturenames]
    if journeys:
        session.config.stash[LAST_JOURNEY] = journeys[-1]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Once the last journey has run, stop the journeys' system while make run's tests run.

    Its processes take seconds to stop (Celery's warm shutdown), waiting, as make run's
    tests mostly do: at the end of the session the two waits came one after the other.
    """
    yield
    stopping = item.config.stash.get(JOURNEYS_SYSTEM_STOPPING, None)
    if nextitem is not None and item is item.config.stash.get(LAST_JOURNEY, None) and stopping is not None:
        stopping.start()


def pytest_configure(config):
    needs_postgresql.register(config)


def pytest_collection_modifyitems(items):
    # make run's tests last: its system starts while the journeys run
    # (make_run_starting_while_the_journeys_run), and the last of them stops it.
    items.sort(key=lambda item: "make_run" in item.fixturenames)
    for item in items:
        item.add_marker(pytest.mark.e2e)
    needs_postgresql.record_in_reports(items)


@pytest.fixture
def order_latencies(request) -> list[float]:
    """Seconds from POST /api/orders/ to the order reading confirmed, shown at the end of the run.

    When make run's system starts beside the journeys' one, it is up before they are
    measured: a start takes both CPUs, and the times would be those of two systems sharing
    them (a median of 0.72 s on PostgreSQL, against 0.18 s with make run's system up).
    """
    if request.config.stash.get(MAKE_RUN_STARTING_BESIDE, False):
        request.getfixturevalue("make_run")
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
