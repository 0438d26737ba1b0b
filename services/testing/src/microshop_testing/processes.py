"""Real processes for the tests that run services as black boxes (component and end-to-end).

They run under ``make run``'s supervisor: each in a session of its own, so stopping it
reaches the children it forks (gunicorn and Celery workers), each with a log file of its
own, which a failing test prints.
"""

import os
import signal
import socket
import time
from collections.abc import Callable
from pathlib import Path

from microshop_common.processes import ProcessSpec
from microshop_common.supervisor import Backoff, LogFiles, Supervisor


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on right now, picked by the operating system."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def is_running(pid: int) -> bool:
    """Whether ``pid`` names a process that has not ended; one that exited and that its
    parent has not reaped yet (a zombie) has ended."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        # The state follows the command name, which is in parentheses and may hold spaces.
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


class ProcessGroup:
    """The processes of one test's system, under the supervisor ``make run`` uses (``microshop_common.supervisor``).

    Each process logs to a file of its own, shown when a test fails, and can be stopped or
    killed alone while the rest run on. One that exits unasked is restarted, as under
    ``make run``, and counted: ``wait_until`` then fails at once, with the logs.
    """

    def __init__(self, log_dir: Path, *, backoff: Backoff | None = None):
        self.log_dir = log_dir
        self.supervisor = Supervisor(LogFiles(log_dir), backoff=backoff)

    def start(self, name: str, command: list[str], *, env: dict[str, str], cwd: Path) -> None:
        self.supervisor.add(ProcessSpec(name, command, env, cwd))
        self.supervisor.start(name)

    def stop(self, name: str, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop one process and the children it started; it stays stopped until ``start``."""
        self.supervisor.stop(name, sig)

    def stop_all(self) -> None:
        self.supervisor.stop_all()

    def exited(self) -> list[str]:
        """The processes that exited without being asked to (each was restarted)."""
        return list(self.supervisor.restarts())

    def restarts(self) -> dict[str, int]:
        return self.supervisor.restarts()

    def returncode(self, name: str) -> int | None:
        """How ``name`` ended once stopped: 0 for a clean exit; None while it runs."""
        return self.supervisor.returncode(name)

    def wait_until(self, condition: Callable[[], bool], *, timeout: float, what: str) -> None:
        """Poll ``condition`` until it holds; fail early, with the logs, if a process exits unasked."""
        deadline = time.monotonic() + timeout
        while not condition():
            if restarts := self.restarts():
                counts = ", ".join(f"{name} {count}" for name, count in restarts.items())
                raise RuntimeError(
                    f"{', '.join(restarts)} exited while waiting for {what} (restarts: {counts})\n{self.logs()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"gave up after {timeout}s waiting for {what}\n{self.logs()}")
            time.sleep(0.2)

    def logs(self, tail: int = 80) -> str:
        parts = []
        for path in sorted(self.log_dir.glob("*.log")):
            lines = path.read_text(errors="replace").splitlines()[-tail:]
            parts.append(f"----- {path.stem} (last {len(lines)} lines) -----\n" + "\n".join(lines))
        return "\n".join(parts)
