import io
import os
import re
import shlex
import signal
import threading
import time
from pathlib import Path

import pytest

from microshop_common.processes import ProcessSpec
from microshop_common.supervisor import Backoff, LogFiles, Supervisor, TerminalOutput
from microshop_testing.polling import wait_until
from microshop_testing.processes import is_running

# Pauses short enough for a test, in the production ratios.
QUICK = Backoff(first=0.02, longest=0.08, settled=60)
# Exits are looked for ten times as often as in production, so that a test waits on the
# pauses it checks rather than on the polling.
POLL = 0.01
# The supervised processes are shell one-liners: the supervisor treats every command alike,
# and a shell starts in a millisecond where a Python interpreter (measured, as every child
# of a test run is, by coverage) takes a few hundred.
SLEEPER = "echo up; exec sleep 60"
CRASHER = "echo crashing; exit 3"
# A process that forks a child and waits for it, as gunicorn and Celery do with their workers.
PARENT_OF_A_SLEEPER = "sleep 60 & echo $!; wait"
# A signal a shell ignores stays ignored in the commands it runs.
IGNORES_SIGTERM = "trap '' TERM; "


def shell(name: str, script: str) -> ProcessSpec:
    return ProcessSpec(name, ["sh", "-c", script], dict(os.environ), Path.cwd())


@pytest.fixture
def supervisor(tmp_path):
    supervisor = Supervisor(LogFiles(tmp_path), backoff=QUICK, stop_timeout=5, poll_interval=POLL)
    yield supervisor
    supervisor.stop_all()


def started(supervisor: Supervisor, *specs: ProcessSpec) -> Supervisor:
    for spec in specs:
        supervisor.add(spec)
    supervisor.start_all()
    return supervisor


def child_pid(log_dir, name: str) -> int:
    output = wait_until(lambda: re.search(r"^(\d+)$", (log_dir / f"{name}.log").read_text(), re.M), timeout=10)
    return int(output.group(1))


def test_a_process_that_exits_unasked_is_restarted_after_a_pause_that_doubles_up_to_a_limit(supervisor, tmp_path):
    started(supervisor, shell("worker", CRASHER))

    wait_until(lambda: supervisor.restarts().get("worker", 0) >= 4, timeout=10, message="four restarts")

    log = (tmp_path / "worker.log").read_text()
    pauses = re.findall(r"microshop \| worker exited with code 3; restarting in (\S+)s \(restart (\d+)\)", log)
    assert pauses[:4] == [("0.02", "1"), ("0.04", "2"), ("0.08", "3"), ("0.08", "4")]
    assert log.count("crashing") >= 4


def test_a_process_that_exited_stays_down_for_its_pause(tmp_path):
    marker = shlex.quote(str(tmp_path / "crashed"))
    crashes_once = f"test -e {marker} && exec sleep 60; touch {marker}; exit 3"
    supervisor = started(
        Supervisor(LogFiles(tmp_path), backoff=Backoff(first=0.3), poll_interval=POLL), shell("worker", crashes_once)
    )
    try:
        wait_until(lambda: supervisor.restarts().get("worker") == 1, timeout=10, message="the first exit")

        time.sleep(0.1)
        assert supervisor.pid("worker") is None

        wait_until(lambda: supervisor.pid("worker"), timeout=5, message="the restart")
    finally:
        supervisor.stop_all()


def test_the_pause_starts_over_once_a_process_has_run_long_enough(tmp_path):
    supervisor = Supervisor(
        LogFiles(tmp_path), backoff=Backoff(first=0.02, longest=1, settled=0.05), poll_interval=POLL
    )
    try:
        # Each run lasts longer than settled, so every pause is the first one again.
        started(supervisor, shell("worker", "sleep 0.08"))

        wait_until(lambda: supervisor.restarts().get("worker", 0) >= 2, timeout=10, message="two restarts")
    finally:
        supervisor.stop_all()

    log = (tmp_path / "worker.log").read_text()
    assert re.findall(r"restarting in (\S+)s", log)[:2] == ["0.02", "0.02"]


def test_the_rest_of_the_system_runs_on_while_one_process_crashes(supervisor):
    started(supervisor, shell("web", SLEEPER), shell("worker", CRASHER))
    web = supervisor.pid("web")

    wait_until(lambda: supervisor.restarts().get("worker", 0) >= 2, timeout=10, message="two restarts")

    assert supervisor.pid("web") == web
    assert is_running(web)
    assert set(supervisor.restarts()) == {"worker"}


def test_what_a_killed_process_left_behind_is_killed_before_it_restarts(supervisor, tmp_path):
    started(supervisor, shell("worker", PARENT_OF_A_SLEEPER))
    orphan = child_pid(tmp_path, "worker")

    os.kill(supervisor.pid("worker"), signal.SIGKILL)

    wait_until(lambda: supervisor.restarts().get("worker") == 1, timeout=10, message="the restart")
    wait_until(lambda: not is_running(orphan), timeout=5, message="the orphan to be killed")


def test_a_process_stopped_on_request_is_not_restarted(supervisor):
    started(supervisor, shell("worker", SLEEPER))
    pid = supervisor.pid("worker")

    supervisor.stop("worker", signal.SIGKILL)

    time.sleep(6 * QUICK.first)
    assert not is_running(pid)
    assert supervisor.pid("worker") is None
    assert supervisor.restarts() == {}


def test_how_a_stopped_process_ended_is_known_until_it_starts_again(supervisor):
    started(supervisor, shell("worker", SLEEPER))
    assert supervisor.returncode("worker") is None

    supervisor.stop("worker", signal.SIGKILL)
    assert supervisor.returncode("worker") == -signal.SIGKILL

    supervisor.start("worker")
    assert supervisor.returncode("worker") is None


def test_a_stopped_process_can_be_started_again(supervisor):
    started(supervisor, shell("worker", SLEEPER))
    first = supervisor.pid("worker")
    supervisor.stop("worker")

    supervisor.start("worker")

    assert supervisor.pid("worker") not in (None, first)


def test_stopping_one_process_stops_the_children_it_started(supervisor, tmp_path):
    started(supervisor, shell("worker", PARENT_OF_A_SLEEPER))
    child = child_pid(tmp_path, "worker")

    supervisor.stop("worker", signal.SIGTERM)

    wait_until(lambda: not is_running(child), timeout=5, message="the child to exit")


def test_the_stop_signal_goes_to_the_process_alone_and_its_children_are_killed_once_it_has_ended(supervisor, tmp_path):
    # The parent takes its time to stop, as Celery's main process does while its pool child
    # finishes; a pool child signalled beside it died of it, and the main process hung.
    marker = shlex.quote(str(tmp_path / "child-signalled"))
    child = f"trap 'echo TERM > {marker}; exit 0' TERM; sleep 60 & wait"
    parent = f"trap 'sleep 0.3; exit 0' TERM; sh -c {shlex.quote(child)} & echo $!; wait"
    started(supervisor, shell("worker", parent))
    child_of_worker = child_pid(tmp_path, "worker")

    supervisor.stop("worker", signal.SIGTERM)

    wait_until(lambda: not is_running(child_of_worker), timeout=5, message="the child to be killed")
    assert not (tmp_path / "child-signalled").exists()


def test_stopping_a_process_kills_the_children_that_outlive_it(supervisor, tmp_path):
    stubborn_child = f"{IGNORES_SIGTERM}echo ignoring; exec sleep 60"
    started(supervisor, shell("worker", f"sh -c {shlex.quote(stubborn_child)} & echo $!; wait"))
    child = child_pid(tmp_path, "worker")
    wait_until(lambda: "ignoring" in (tmp_path / "worker.log").read_text(), timeout=10, message="SIGTERM ignored")

    supervisor.stop("worker")

    wait_until(lambda: not is_running(child), timeout=5, message="the child to be killed")


def test_stopping_everything_ends_every_process_and_its_children_at_once(supervisor, tmp_path):
    started(supervisor, shell("web", PARENT_OF_A_SLEEPER), shell("worker", PARENT_OF_A_SLEEPER))
    pids = [supervisor.pid("web"), supervisor.pid("worker"), child_pid(tmp_path, "web"), child_pid(tmp_path, "worker")]

    supervisor.stop_all()

    wait_until(lambda: not any(is_running(pid) for pid in pids), timeout=5, message="every process to exit")
    assert supervisor.restarts() == {}


def test_a_process_that_ignores_sigterm_is_killed_after_the_timeout(tmp_path):
    stubborn = shell("stubborn", f"{IGNORES_SIGTERM}{SLEEPER}")
    supervisor = started(Supervisor(LogFiles(tmp_path), stop_timeout=0.2, poll_interval=POLL), stubborn)
    wait_until(lambda: "up" in (tmp_path / "stubborn.log").read_text(), timeout=10, message="it to ignore SIGTERM")
    pid = supervisor.pid("stubborn")

    begun = time.monotonic()
    supervisor.stop_all()

    assert not is_running(pid)
    assert 0.2 <= time.monotonic() - begun < 5
    log = (tmp_path / "stubborn.log").read_text()
    assert log.count("stubborn still running 0.2s after SIGTERM: killing it") == 1


def test_on_the_terminal_each_line_shows_the_time_and_the_name_of_its_process_padded_to_one_width():
    stream = io.StringIO()
    supervisor = started(
        Supervisor(TerminalOutput(stream, colour=False), poll_interval=POLL),
        shell("web", "echo hello from web"),
        shell("orders-worker", "echo hello from the worker"),
    )
    try:
        wait_until(lambda: stream.getvalue().count("hello") == 2, timeout=10, message="both lines")
    finally:
        supervisor.stop_all()

    lines = stream.getvalue().splitlines()
    assert any(re.fullmatch(r"\d\d:\d\d:\d\d web           \| hello from web", line) for line in lines)
    assert any(re.fullmatch(r"\d\d:\d\d:\d\d orders-worker \| hello from the worker", line) for line in lines)
    assert any(re.fullmatch(r"\d\d:\d\d:\d\d microshop     \| web started \(pid \d+\)", line) for line in lines)


def test_names_are_coloured_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain, coloured = io.StringIO(), Terminal()

    TerminalOutput(plain).line("web", "hello")
    TerminalOutput(coloured).line("web", "hello")

    assert "\033[" not in plain.getvalue()
    assert coloured.getvalue().startswith("\033[") or "NO_COLOR" in os.environ


def test_run_starts_everything_and_stops_it_all_on_sigterm(tmp_path):
    supervisor = Supervisor(LogFiles(tmp_path), poll_interval=POLL)
    supervisor.add(shell("web", PARENT_OF_A_SLEEPER))
    supervisor.add(shell("worker", SLEEPER))
    processes, handled = [], []
    handler = signal.getsignal(signal.SIGTERM)

    def terminate_once_up() -> None:
        processes.extend([supervisor.pid("web"), supervisor.pid("worker"), child_pid(tmp_path, "web")])
        handled.append(signal.getsignal(signal.SIGTERM) is not handler)
        if handled[0]:
            os.kill(os.getpid(), signal.SIGTERM)
        else:
            # SIGTERM would end this test run: stop, and the test fails below.
            supervisor.shutdown()

    threading.Timer(0.1, terminate_once_up).start()
    supervisor.run()

    assert handled == [True]
    assert None not in processes
    assert "stopping every process" in (tmp_path / "microshop.log").read_text()
    wait_until(lambda: not any(is_running(pid) for pid in processes), timeout=5, message="every process to exit")
    assert signal.getsignal(signal.SIGTERM) is handler


def test_a_second_sigterm_while_everything_stops_kills_what_is_left_at_once(tmp_path):
    supervisor = Supervisor(LogFiles(tmp_path), stop_timeout=60, poll_interval=POLL)
    supervisor.add(shell("stubborn", f"{IGNORES_SIGTERM}{SLEEPER}"))
    handler = signal.getsignal(signal.SIGTERM)

    def terminate_twice() -> None:
        wait_until(lambda: "up" in (tmp_path / "stubborn.log").read_text(), timeout=10, message="it to ignore SIGTERM")
        if signal.getsignal(signal.SIGTERM) is handler:
            # SIGTERM would end this test run: stop, and the test fails below.
            supervisor.shutdown()
            return
        os.kill(os.getpid(), signal.SIGTERM)
        log = tmp_path / "microshop.log"
        wait_until(lambda: log.exists() and "stopping every process" in log.read_text(), timeout=5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Timer(0.1, terminate_twice).start()
    begun = time.monotonic()
    supervisor.run()

    assert time.monotonic() - begun < 10
    assert "stubborn asked twice to stop: killing it" in (tmp_path / "stubborn.log").read_text()
