"""Run a system's processes and keep them running: the one supervisor of ``make run`` and of the tests.

Each process starts in a session of its own, so that SIGKILL to its group reaches the
children it forks (gunicorn's workers, Celery's pool), and Ctrl-C in a terminal reaches only
the supervisor, which then stops every process: SIGTERM to each at once, which stops its own
children, then SIGKILL to what is left after a timeout.

A process that exits without being asked to is restarted, and the rest of the system runs
on: after 1 s, then 2 s, 4 s ... up to 30 s while it keeps exiting, and from 1 s again once
it has run for a minute. What it left behind (a Celery pool child whose main process was
killed) is killed first. ``restarts()`` says who was restarted how often, so a test can
fail at once, logs in hand, when a process keeps crashing.

Output goes either to the terminal, each line under the time and the name of its process
as Procfile runners such as honcho print it (``12:00:01 orders-worker  | ...``), or to a
log file per process.

Nothing here imports Django or pytest.
"""

import contextlib
import itertools
import os
import signal

# bandit B404: runs the system's own processes, with argument lists and no shell.
import subprocess  # nosec B404
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from microshop_common.processes import ProcessSpec

# The name the supervisor's own lines go under.
SUPERVISOR = "microshop"
STOP_TIMEOUT = 15.0
POLL_INTERVAL = 0.1
# ANSI colours for the names on a terminal, one per process in turn.
COLOURS = ("36", "33", "32", "35", "34", "31", "96", "93", "92", "95", "94", "91")


@dataclass(frozen=True)
class Backoff:
    """How long a process that exited waits before it starts again.

    ``first`` seconds, doubled with each exit that follows a short run, at most ``longest``;
    a process that ran ``settled`` seconds before it exited waits ``first`` again.
    """

    first: float = 1.0
    longest: float = 30.0
    settled: float = 60.0

    def delay(self, quick_exits: int) -> float:
        return min(self.first * 2.0**quick_exits, self.longest)


class Output(Protocol):
    """Where the processes' output and the supervisor's notes go."""

    def register(self, name: str) -> None:
        """A process of this name will run."""

    def sink(self, name: str) -> contextlib.AbstractContextManager[int | IO[bytes]]:
        """The ``stdout`` to start the process with (its ``stderr`` goes to the same place)."""

    def follow(self, name: str, process: "subprocess.Popen[bytes]") -> None:
        """Read what the process writes, if ``sink`` gave it a pipe."""

    def note(self, message: str, *, about: str | None = None) -> None:
        """A line of the supervisor's own, ``about`` one process or the whole system."""


class TerminalOutput:
    """Every line on one stream, under the time and the name of its process, names padded to one width.

    The names are coloured when the stream is a terminal (and ``NO_COLOR`` is not set).
    Lines are written whole, so those of two processes never mix.
    """

    def __init__(self, stream: IO[str] | None = None, *, colour: bool | None = None):
        self.stream = stream or sys.stdout
        if colour is None:
            colour = self.stream.isatty() and "NO_COLOR" not in os.environ
        self.colour = colour
        self._width = len(SUPERVISOR)
        self._colours: dict[str, str] = {}
        self._next_colour = itertools.cycle(COLOURS)
        self._lock = threading.Lock()

    def register(self, name: str) -> None:
        with self._lock:
            self._width = max(self._width, len(name))
            self._colours.setdefault(name, next(self._next_colour))

    @contextlib.contextmanager
    def sink(self, name: str) -> Iterator[int]:
        yield subprocess.PIPE

    def follow(self, name: str, process: "subprocess.Popen[bytes]") -> None:
        if process.stdout is not None:
            threading.Thread(target=self._pump, args=(name, process.stdout), daemon=True).start()

    def note(self, message: str, *, about: str | None = None) -> None:
        self.line(SUPERVISOR, message)

    def line(self, name: str, text: str) -> None:
        prefix = f"{time.strftime('%H:%M:%S')} {name:<{self._width}} |"
        if self.colour:
            prefix = f"\033[{self._colours.get(name, '1')}m{prefix}\033[0m"
        self.write(f"{prefix} {text}\n")

    def write(self, text: str) -> None:
        """Write ``text`` in one piece, between two processes' lines."""
        with self._lock:
            self.stream.write(text)
            self.stream.flush()

    def _pump(self, name: str, pipe: IO[bytes]) -> None:
        with pipe:
            for raw in iter(pipe.readline, b""):
                self.line(name, raw.decode(errors="replace").rstrip("\r\n"))


class LogFiles:
    """A log file per process, ``<folder>/<name>.log``, appended to across restarts.

    The supervisor's notes about a process go in its file, between its runs; the others
    in ``microshop.log``.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def register(self, name: str) -> None:
        pass

    def sink(self, name: str) -> contextlib.AbstractContextManager[IO[bytes]]:
        return self.path(name).open("ab")

    def follow(self, name: str, process: "subprocess.Popen[bytes]") -> None:
        pass

    def note(self, message: str, *, about: str | None = None) -> None:
        with self.path(about or SUPERVISOR).open("a") as log:
            log.write(f"{time.strftime('%H:%M:%S')} {SUPERVISOR} | {message}\n")


@dataclass
class _Supervised:
    spec: ProcessSpec
    process: "subprocess.Popen[bytes] | None" = None
    # Asked to run: it is restarted when it exits.
    wanted: bool = False
    started_at: float = 0.0
    quick_exits: int = 0
    restarts: int = 0
    restart_at: float | None = None
    # Its process exited and what it left in its group was killed.
    ended: bool = True

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Supervisor:
    """Starts processes, restarts those that exit unasked, and stops one or all of them on request.

    ``add`` defines a process, ``start`` starts it; ``run`` is ``make run``: start every
    process, supervise them until SIGINT or SIGTERM, then stop them all.
    """

    def __init__(
        self,
        output: Output,
        *,
        backoff: Backoff | None = None,
        stop_timeout: float = STOP_TIMEOUT,
        poll_interval: float = POLL_INTERVAL,
    ):
        self.output = output
        self.backoff = backoff or Backoff()
        self.stop_timeout = stop_timeout
        # How often exits are looked for, and so how late a pause may start or a stop be seen.
        self.poll_interval = poll_interval
        self._supervised: dict[str, _Supervised] = {}
        self._lock = threading.RLock()
        self._watcher: threading.Thread | None = None
        self._shutdown = threading.Event()
        self._hurry = threading.Event()

    def add(self, spec: ProcessSpec) -> None:
        """Define a process, or redefine one that is not running."""
        with self._lock:
            current = self._supervised.get(spec.name)
            if current is not None and current.wanted:
                raise RuntimeError(f"{spec.name} is running: stop it before redefining it")
            if current is None:
                self._supervised[spec.name] = _Supervised(spec)
            else:
                current.spec = spec
            self.output.register(spec.name)

    def start(self, name: str) -> None:
        with self._lock:
            supervised = self._supervised[name]
            if supervised.wanted:
                raise RuntimeError(f"{name} is already running")
            self._spawn(supervised)
            supervised.wanted = True
            if self._watcher is None:
                self._watcher = threading.Thread(target=self._watch, name="supervisor", daemon=True)
                self._watcher.start()

    def start_all(self) -> None:
        for name in list(self._supervised):
            self.start(name)

    def stop(self, name: str, sig: signal.Signals = signal.SIGTERM) -> None:
        """Send ``sig`` to the process (SIGKILL to its children too) and wait for it; kill what
        it leaves behind. It is not restarted."""
        with self._lock:
            supervised = self._supervised[name]
            supervised.wanted = False
            supervised.restart_at = None
        self._end([supervised], sig)

    def stop_all(self) -> None:
        """Stop every process at once: SIGTERM, then SIGKILL to what still runs after the timeout."""
        with self._lock:
            for supervised in self._supervised.values():
                supervised.wanted = False
                supervised.restart_at = None
        self._end(list(self._supervised.values()), signal.SIGTERM)

    def restarts(self) -> dict[str, int]:
        """``{name: how many times it was restarted}`` for every process that exited unasked."""
        with self._lock:
            return {name: supervised.restarts for name, supervised in self._supervised.items() if supervised.restarts}

    def pid(self, name: str) -> int | None:
        """The process's id while it runs."""
        with self._lock:
            supervised = self._supervised[name]
            return supervised.process.pid if supervised.process and supervised.running else None

    def returncode(self, name: str) -> int | None:
        """How the process's last run ended (negative: the signal that ended it); None while it runs."""
        with self._lock:
            process = self._supervised[name].process
            return process.poll() if process is not None else None

    def run(self) -> None:
        """Start every process and supervise them until SIGINT or SIGTERM, or ``shutdown()``; then stop them all.

        A second signal while they stop kills what is left at once.
        """
        handlers = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.start_all()
            # A timeout, so the main thread comes back to run the signal handlers.
            while not self._shutdown.wait(0.5):
                pass
        finally:
            self.output.note("stopping every process ...")
            self.stop_all()
            self.output.note("stopped")
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    def shutdown(self) -> None:
        """Make ``run`` stop every process and return."""
        self._shutdown.set()

    def _on_signal(self, signum: int, frame: object) -> None:
        if self._shutdown.is_set():
            self._hurry.set()
        self.shutdown()

    def _spawn(self, supervised: _Supervised) -> None:
        spec = supervised.spec
        with self.output.sink(spec.name) as stdout:
            # bandit B603: commands the system defines (microshop_common.processes), no shell.
            process = subprocess.Popen(  # nosec B603
                spec.command,
                env=spec.env,
                cwd=spec.cwd,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        supervised.process = process
        supervised.ended = False
        supervised.started_at = time.monotonic()
        self.output.follow(spec.name, process)
        self.output.note(f"{spec.name} started (pid {process.pid})", about=spec.name)

    def _watch(self) -> None:
        while True:
            with self._lock:
                wanted = [supervised for supervised in self._supervised.values() if supervised.wanted]
                if not wanted:
                    # Nothing to look after: the next start() watches again.
                    self._watcher = None
                    return
                for supervised in wanted:
                    self._look_after(supervised)
            time.sleep(self.poll_interval)

    def _look_after(self, supervised: _Supervised) -> None:
        now = time.monotonic()
        if supervised.restart_at is not None:
            if now >= supervised.restart_at:
                supervised.restart_at = None
                try:
                    self._spawn(supervised)
                except OSError as error:
                    self._exited(supervised, f"could not start: {error}", now)
            return
        process = supervised.process
        if process is None or process.poll() is None:
            return
        # What it left in its group, e.g. a Celery pool child whose main process was killed.
        _signal_group(process.pid, signal.SIGKILL)
        supervised.ended = True
        self._exited(supervised, f"exited with code {process.returncode}", now)

    def _exited(self, supervised: _Supervised, how: str, now: float) -> None:
        if now - supervised.started_at >= self.backoff.settled:
            supervised.quick_exits = 0
        delay = self.backoff.delay(supervised.quick_exits)
        supervised.quick_exits += 1
        supervised.restarts += 1
        supervised.restart_at = now + delay
        name = supervised.spec.name
        self.output.note(f"{name} {how}; restarting in {delay:g}s (restart {supervised.restarts})", about=name)

    def _end(self, supervised: list[_Supervised], sig: signal.Signals) -> None:
        """Signal the processes that have not ended, all at once; wait; kill what is left of them, and say so."""
        ending = [(each, each.process) for each in supervised if each.process is not None and not each.ended]
        for _each, process in ending:
            if process.poll() is None:
                _send(process.pid, sig)
        deadline = time.monotonic() + self.stop_timeout
        while running := [(each, process) for each, process in ending if process.poll() is None]:
            if self._hurry.is_set() or time.monotonic() > deadline:
                why = (
                    "asked twice to stop"
                    if self._hurry.is_set()
                    else f"still running {self.stop_timeout:g}s after {sig.name}"
                )
                for each, process in running:
                    self.output.note(f"{each.spec.name} {why}: killing it", about=each.spec.name)
                    _signal_group(process.pid, signal.SIGKILL)
                    # Not reaped yet, so its pid is still its own.
                    process.kill()
                for _each, process in running:
                    process.wait()
            time.sleep(self.poll_interval)
        # Children that outlived their parent: nothing of a stopped process may run on.
        for each, process in ending:
            _signal_group(process.pid, signal.SIGKILL)
            each.ended = True


def _send(pid: int, sig: signal.Signals) -> None:
    """SIGKILL to the process and its whole group at once; any other signal to the process
    alone, which stops its own children: gunicorn's master its workers, Celery's main process
    its pool. A Celery pool child that got SIGTERM beside its main process died of it, and the
    main process, in its warm shutdown, waited for it until it was killed."""
    if sig == signal.SIGKILL:
        _signal_group(pid, sig)
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    # The process leads its own session and group (start_new_session), so its pid names them.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
