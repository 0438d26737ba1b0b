import os
import re
import signal
import time

import pytest

from microshop_common.supervisor import Backoff
from microshop_testing.polling import wait_until
from microshop_testing.processes import ProcessGroup, is_running

# Shell one-liners: a shell starts in a millisecond, a Python interpreter measured by coverage
# in a few hundred. A process that forks a child and waits for it, as gunicorn and Celery do:
PARENT_OF_A_SLEEPER = ["sh", "-c", "sleep 60 & echo $!; wait"]
CANNOT_CONNECT = ["sh", "-c", "echo cannot connect; exit 1"]


def test_stopping_a_process_stops_the_children_it_started(tmp_path):
    group = ProcessGroup(tmp_path)
    group.start("parent", PARENT_OF_A_SLEEPER, env=dict(os.environ), cwd=tmp_path)
    printed = wait_until(lambda: re.search(r"^(\d+)$", (tmp_path / "parent.log").read_text(), re.M), timeout=10)
    child = int(printed.group(1))

    group.stop("parent", signal.SIGKILL)

    # The kernel delivers the signal to the whole group at once, but the child's exit is not
    # synchronous with the parent's wait.
    wait_until(lambda: not is_running(child), timeout=5, message="the child to exit")


def test_waiting_fails_at_once_with_the_logs_when_a_process_exits(tmp_path):
    group = ProcessGroup(tmp_path)
    group.start("worker", CANNOT_CONNECT, env={}, cwd=tmp_path)

    with pytest.raises(RuntimeError, match=r"(?s)worker exited while waiting for nothing.*cannot connect"):
        group.wait_until(lambda: False, timeout=30, what="nothing")


def test_a_process_that_exits_unasked_is_restarted_and_its_log_says_so(tmp_path):
    group = ProcessGroup(tmp_path, backoff=Backoff(first=0.05))
    group.start("worker", CANNOT_CONNECT, env={}, cwd=tmp_path)
    try:
        wait_until(lambda: group.restarts().get("worker", 0) >= 2, timeout=10, message="two restarts")
    finally:
        group.stop_all()

    assert group.exited() == ["worker"]
    assert "worker exited with code 1; restarting in 0.1s (restart 2)" in group.logs()
    assert group.logs().count("cannot connect") >= 2


def test_a_process_stopped_by_the_test_stays_stopped(tmp_path):
    group = ProcessGroup(tmp_path, backoff=Backoff(first=0.05))
    group.start("worker", ["sleep", "60"], env={}, cwd=tmp_path)

    group.stop("worker", signal.SIGKILL)

    time.sleep(0.3)
    assert group.exited() == []
    assert group.supervisor.pid("worker") is None
