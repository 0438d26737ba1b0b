"""``make run`` itself: ``services/run.py`` as a newcomer runs it, on free ports and in a state folder of its own.

Its supervisor restarts a Celery worker whose main process is killed while the rest of the
system answers on, and SIGTERM stops every process it started, children included.
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
import requests

from microshop_common.processes import (
    DEFAULT_FAKE_PORTS,
    DEFAULT_PORTS,
    System,
    local_events_exchange,
    local_services,
)
from microshop_testing.live_system import drop_databases, remove_broker_objects, with_database_prefix
from microshop_testing.polling import wait_until
from microshop_testing.processes import free_ports
from microshop_testing.shop import Shop

REPO_DIR = Path(__file__).resolve().parents[2]
RUN_PY = REPO_DIR / "services" / "run.py"
STARTUP_TIMEOUT = 120.0
# Celery's warm shutdown takes a few seconds; the supervisor kills what is left after 15.
STOP_TIMEOUT = 40.0
# What Celery logs once the notifications worker consumes.
WORKER_READY = r"notifications@\S+ ready\."


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


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    state_dir = tmp_path_factory.mktemp("make-run")
    ports = dict(zip(DEFAULT_PORTS, free_ports(len(DEFAULT_PORTS)), strict=True))
    fake_ports = dict(zip(DEFAULT_FAKE_PORTS, free_ports(len(DEFAULT_FAKE_PORTS)), strict=True))
    env = {name: value for name, value in os.environ.items() if name != "EVENTS_EXCHANGE"}
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
    running = MakeRun(process, log, system)
    try:
        running.wait_for(r"microshop is up in", timeout=STARTUP_TIMEOUT)
        yield running
    finally:
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
        remove_broker_objects(system)
        if database_url:
            drop_databases(system)


def test_a_second_make_run_names_its_exchange_after_its_own_data_so_it_shares_no_queue(make_run):
    banner = re.search(r"events: +exchange (\S+),", make_run.output())

    assert banner is not None, make_run.output()
    assert banner.group(1) == make_run.system.exchange != "microshop.events"


def test_a_killed_worker_is_restarted_while_the_rest_of_the_system_answers(make_run):
    make_run.wait_for(WORKER_READY, timeout=60)
    worker = make_run.pid_of("notifications-worker")
    assert parent_of(worker) == make_run.process.pid
    web = make_run.pid_of("users-web")

    os.kill(worker, signal.SIGKILL)

    make_run.wait_for(r"notifications-worker exited with code -9; restarting in 1s \(restart 1\)", timeout=10)
    make_run.wait_for(WORKER_READY, count=2, timeout=60)
    assert make_run.pid_of("notifications-worker") != worker
    assert make_run.pid_of("users-web") == web
    for service in make_run.system.services:
        assert requests.get(f"{service.url}/health/ready/", timeout=5).status_code == 200, service.name
    # The restarted worker consumes: a new customer's welcome comes through it.
    shop = Shop(make_run)
    customer = shop.register()
    wait_until(
        lambda: any(n["type"] == "welcome" for n in shop.notifications(customer)),
        timeout=30,
        message="the welcome notification",
    )


def test_sigterm_stops_every_process_make_run_started_and_their_children(make_run):
    sessions = children_of(make_run.process.pid)
    assert sorted(sessions) == sorted(pid for pid in make_run.sessions() if stat_of(pid)), make_run.output()
    assert len(sessions) == len(make_run.system.processes())

    make_run.process.send_signal(signal.SIGTERM)

    assert make_run.process.wait(timeout=STOP_TIMEOUT) == 0, make_run.output()
    assert re.search(r"microshop +\| stopped", make_run.output())
    # Orphans are reaped by init a moment after they die.
    wait_until(lambda: not in_sessions(sessions), timeout=5, message="every process of make run to be gone")


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
