"""Real processes for the tests that run services as black boxes (component and end-to-end).

Each process gets a session of its own, so stopping it reaches the children it forks
(gunicorn and Celery workers), and a log file of its own, which a failing test prints.
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

STOP_TIMEOUT = 15.0


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


class ProcessGroup:
    """The processes of one test's system: each logs to a file of its own and can be stopped alone.

    ``make run`` supervises the same processes with honcho, which suits a terminal (their
    output interleaved, everything stopped when one exits). Tests need the opposite: quiet
    processes whose logs are shown only when a test fails, and one worker killed or
    restarted while the rest of the system runs on.
    """

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], *, env: dict[str, str], cwd: Path) -> None:
        with (self.log_dir / f"{name}.log").open("a") as log:
            self.processes[name] = subprocess.Popen(
                command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def stop(self, name: str, sig: signal.Signals = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        _signal_group(process, sig)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        # Ask every process at once, then wait: one by one takes a long time.
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        for name in list(self.processes):
            self.stop(name)

    def exited(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def wait_until(self, condition: Callable[[], bool], *, timeout: float, what: str) -> None:
        """Poll ``condition`` until it holds; fail early, with the logs, if a process dies."""
        deadline = time.monotonic() + timeout
        while not condition():
            if exited := self.exited():
                raise RuntimeError(f"{', '.join(exited)} exited while waiting for {what}\n{self.logs()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gave up after {timeout}s waiting for {what}\n{self.logs()}")
            time.sleep(0.2)

    def logs(self, tail: int = 80) -> str:
        parts = []
        for path in sorted(self.log_dir.glob("*.log")):
            lines = path.read_text(errors="replace").splitlines()[-tail:]
            parts.append(f"----- {path.stem} (last {len(lines)} lines) -----\n" + "\n".join(lines))
        return "\n".join(parts)


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
