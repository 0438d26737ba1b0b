import os
import signal
import socket
import sys

import pytest

from microshop_testing.polling import wait_until
from microshop_testing.processes import ProcessGroup, free_ports

# A process that forks a child and waits for it, as gunicorn and Celery do with their workers.
PARENT_OF_A_SLEEPER = (
    "import subprocess, time; print(subprocess.Popen(['sleep', '60']).pid, flush=True); time.sleep(60)"
)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def test_free_ports_are_distinct_and_can_be_listened_on():
    ports = free_ports(3)

    assert len(set(ports)) == 3
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_stopping_a_process_stops_the_children_it_started(tmp_path):
    group = ProcessGroup(tmp_path)
    group.start("parent", [sys.executable, "-c", PARENT_OF_A_SLEEPER], env=dict(os.environ), cwd=tmp_path)
    group.wait_until(lambda: (tmp_path / "parent.log").read_text().strip(), timeout=10, what="the child's pid")
    child = int((tmp_path / "parent.log").read_text())

    group.stop("parent", signal.SIGKILL)

    # The kernel delivers the signal to the whole group at once, but the child's exit is not
    # synchronous with the parent's wait.
    wait_until(lambda: not is_running(child), timeout=5, message="the child to exit")


def test_waiting_fails_at_once_with_the_logs_when_a_process_exits(tmp_path):
    group = ProcessGroup(tmp_path)
    group.start("worker", [sys.executable, "-c", "print('cannot connect'); raise SystemExit(1)"], env={}, cwd=tmp_path)

    with pytest.raises(RuntimeError, match=r"(?s)worker exited while waiting for nothing.*cannot connect"):
        group.wait_until(lambda: False, timeout=30, what="nothing")
