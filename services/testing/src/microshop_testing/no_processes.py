"""A unit test that starts a process fails, as one that opens a socket does (pytest-socket).

The unit layer is the one people run after every change, so it stays in one process: a test
that needs another (a shell one-liner, a supervisor, a pytest of its own) belongs in
``tests/integration/``. pytest-socket has no counterpart for processes, so Python's audit
hooks (PEP 578) do the refusing: the standard library raises an audit event before it
starts a process, and an exception raised by a hook stops it there. A hook cannot be
removed once added, so one is added per process, and it refuses only while a unit test runs.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

# The audit events of subprocess, os.system, os.spawn*, os.posix_spawn* and os.fork
# (multiprocessing's default on Linux).
STARTING_A_PROCESS = frozenset({"subprocess.Popen", "os.system", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty"})


class ProcessStartedInAUnitTest(RuntimeError):
    pass


class _Refusal:
    """Whether starting a process is refused right now, and the one audit hook that enforces it."""

    def __init__(self) -> None:
        self.on = False
        self.hooked = False

    def audit(self, event: str, args: tuple) -> None:
        if self.on and event in STARTING_A_PROCESS:
            # subprocess.Popen's arguments are the executable, the command, its folder and its environment.
            what = f"{args[1]!r}" if event == "subprocess.Popen" else event
            raise ProcessStartedInAUnitTest(
                f"a unit test starts no process, and this one ran {what}: "
                "a test that needs another process belongs in tests/integration/"
            )


_refusal = _Refusal()


@contextmanager
def processes_refused(refused: bool = True) -> Iterator[None]:
    """Within the block, starting a process raises ``ProcessStartedInAUnitTest`` (when ``refused``).

    Blocks nest: a pytest run in-process inside a test (pytester) refuses for its own unit
    tests and allows its others, and the outer test's setting is back when it returns.
    """
    if not _refusal.hooked:
        sys.addaudithook(_refusal.audit)
        _refusal.hooked = True
    before, _refusal.on = _refusal.on, refused
    try:
        yield
    finally:
        _refusal.on = before
