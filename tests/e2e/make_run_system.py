"""``make run``'s system, as the end-to-end layer runs it: ``services/run.py`` as a newcomer
starts it, on free ports and in a state folder of its own.

``launch`` returns at once, while the system starts; ``MakeRun.wait_for`` waits for what it
prints, and ``stop`` ends it, with everything it started, whatever state it is in.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from microshop_common.processes import (
    DEFAULT_FAKE_PORTS,
    DEFAULT_PORTS,
    System,
    local_events_exchange,
    local_services,
)
from microshop_testing.live_system import drop_databases, remove_broker_objects, with_database_prefix
from microshop_testing.processes import free_ports

REPO_DIR = Path(__file__).resolve().parents[2]
RUN_PY = REPO_DIR / "services" / "run.py"
STARTUP_TIMEOUT = 120.0
# Celery's warm shutdown takes a few seconds; the supervisor kills what is left after 15.
STOP_TIMEOUT = 40.0
UP = r"microshop is up in"
# make run chooses its own exchange, as a newcomer's does. And coverage, which passes itself
# to every subprocess in COVERAGE_PROCESS_CONFIG, does not follow make run: its services run
# the code the journeys' system runs, and measuring it twice cost the layer 8 s of its 50.
UNINHERITED = ("EVENTS_EXCHANGE", "COVERAGE_PROCESS_CONFIG")


@dataclass
class MakeRun:
    process: subprocess.Popen
    log: Path
    system: System

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def url(self, service: str) -> str:
        return self.system.service(service).url

    def pid_of(self, name: str) -> int:
        """The pid of the latest start of a process, as the supervisor printed it."""
        return int(re.findall(rf"\| {name} started \(pid (\d+)\)", self.output())[-1])

    def sessions(self) -> set[int]:
        """Every process the supervisor started leads a session of its own: their ids."""
        return {int(pid) for pid in re.findall(r"\| \S+ started \(pid (\d+)\)", self.output())}

    def wait_for(self, pattern: str, *, timeout: float, count: int = 1) -> None:
        """Wait until ``pattern`` is in the output ``count`` times; fail with the output if make run exits first."""
        deadline = time.monotonic() + timeout
        while len(re.findall(pattern, self.output())) < count:
            if self.process.poll() is not None:
                pytest.fail(f"make run exited with {self.process.returncode}:\n{self.output()}")
            if time.monotonic() > deadline:
                pytest.fail(f"gave up after {timeout}s waiting for {pattern!r} from make run:\n{self.output()}")
            time.sleep(0.3)


def launch(state_dir: Path) -> MakeRun:
    """Start ``run.py`` on free ports, with the environment's servers, and return without waiting."""
    ports = dict(zip(DEFAULT_PORTS, free_ports(len(DEFAULT_PORTS)), strict=True))
    fake_ports = dict(zip(DEFAULT_FAKE_PORTS, free_ports(len(DEFAULT_FAKE_PORTS)), strict=True))
    env = {name: value for name, value in os.environ.items() if name not in UNINHERITED}
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = with_database_prefix(os.environ["DATABASE_URL"], f"make_run_{uuid.uuid4().hex[:8]}")
    database_url = env.get("DATABASE_URL")
    # The system run.py builds from these arguments, for the names of what it leaves behind.
    system = System(
        services=local_services(ports, REPO_DIR / "services"),
        state_dir=state_dir,
        database_url=database_url,
        broker_url=env.get("CELERY_BROKER_URL") or f"filesystem://{state_dir / 'broker'}",
        exchange=local_events_exchange(
            configured=None, database_url=database_url, state_dir=state_dir, default_state_dir=REPO_DIR / "var"
        ),
        secret_key="",
        fake_ports=fake_ports,
    )
    command = [
        *(sys.executable, str(RUN_PY), "--state-dir", str(state_dir), "--no-seed", "--web-workers", "1"),
        *("--ports", ",".join(map(str, ports.values())), "--fake-ports", ",".join(map(str, fake_ports.values()))),
    ]
    log = state_dir / "make-run.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    return MakeRun(process, log, system)


def stop(running: MakeRun) -> None:
    """SIGTERM make run, then kill whatever of it outlived that; delete its queues and databases."""
    process = running.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # Nothing of this run may outlive the test, whatever make run did.
    for pid in in_sessions(running.sessions() | {process.pid}):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    remove_broker_objects(running.system)
    if running.system.database_url:
        drop_databases(running.system)


def stat_of(pid: int) -> tuple[int, int] | None:
    """(parent, session) of a live process."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    state, parent, _group, session = fields[:4]
    return None if state == "Z" else (int(parent), int(session))


def processes() -> dict[int, tuple[int, int]]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := stat_of(int(entry))):
            found[int(entry)] = stat
    return found


def parent_of(pid: int) -> int | None:
    stat = stat_of(pid)
    return stat[0] if stat else None


def children_of(pid: int) -> list[int]:
    return [child for child, (parent, _session) in processes().items() if parent == pid]


def in_sessions(sessions: list[int] | set[int]) -> list[int]:
    """The live processes in these sessions."""
    return [pid for pid, (_parent, session) in processes().items() if session in sessions]
