"""When a run of a consumer's tests writes its pacts: from scratch, at its end, if it ran them all and they passed.

Each consumer test adds its interactions to this run's copy of the pact it uses (merged
test by test in a folder of the run's own). When the run ends green, having run every
test of ``tests/contract/consumer/``, each pact replaces the shared file of its
consumer-provider pair whole, and a shared pact of this consumer that no test wrote any
more is deleted: an interaction dropped from the tests is dropped from the pact. A run
of some of the tests (a file, ``-k``, a test that skips), or one that fails, writes
nothing and says so, for its pacts would lack the interactions it did not run.

The plugin registers one ``PactRun`` per pytest process (``microshop-pacts``); it does
nothing in a run without consumer tests.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pact import Pact

PLUGIN_NAME = "microshop-pacts"
CONSUMER_TESTS = Path("tests", "contract", "consumer")
FIXTURE = "pact_with"


def shared_pacts_dir(service_dir: Path) -> Path:
    """``services/contracts/pacts/``, beside the service folders: consumers write there, providers read from there."""
    return service_dir.parent / "contracts" / "pacts"


class PactRun:
    """The pacts of one pytest process, and whether it may write them (a pytest plugin)."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.folder = (config.rootpath / CONSUMER_TESTS).resolve()
        self.tests: set[str] = set()
        self.left_out: list[str] = []
        self.staging: Path | None = None
        self.outcome = ""

    def record(self, pact: "Pact") -> None:
        """Add the interactions of ``pact``, as one test stated them, to this run's copy of it."""
        if self.staging is None:
            self.staging = Path(tempfile.mkdtemp(prefix="microshop-pacts-"))
        pact.write_file(self.staging)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.tests = {item.nodeid for item in items if FIXTURE in getattr(item, "fixturenames", ())}
        if self.tests and not self._runs_the_whole_folder():
            self.left_out.append(f"the run was given only part of {CONSUMER_TESTS}")

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        left_out = [item.nodeid for item in items if FIXTURE in getattr(item, "fixturenames", ())]
        if left_out:
            self.left_out.append(f"{len(left_out)} consumer test(s) deselected")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.skipped and report.nodeid in self.tests:
            self.left_out.append(f"{report.nodeid} skipped")

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.staging is None:
            return
        try:
            if exitstatus != pytest.ExitCode.OK:
                self.outcome = "pacts not written: the run did not pass"
            elif self.left_out:
                self.outcome = f"pacts not written: {'; '.join(self.left_out)}"
            else:
                self.outcome = self._write(self.staging)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.outcome:
            terminalreporter.write_line(self.outcome)

    def _write(self, staging: Path) -> str:
        shared = shared_pacts_dir(self.config.rootpath)
        shared.mkdir(parents=True, exist_ok=True)
        written = sorted(path.name for path in staging.glob("*.json"))
        consumers = {consumer_of(staging / name) for name in written}
        for name in written:
            # Whole or not at all: another consumer's run, ending at the same moment, reads
            # every pact in the folder to learn whose it is.
            partial = shared / f".{name}.partial"
            shutil.copyfile(staging / name, partial)
            os.replace(partial, shared / name)
        dropped = sorted(
            path.name for path in shared.glob("*.json") if path.name not in written and consumer_of(path) in consumers
        )
        for name in dropped:
            (shared / name).unlink()
        return f"pacts written from scratch: {', '.join(written)}" + (
            f"; deleted, as no test states them any more: {', '.join(dropped)}" if dropped else ""
        )

    def _runs_the_whole_folder(self) -> bool:
        invoked_in = self.config.invocation_params.dir
        ignored = [(invoked_in / path).resolve() for path in self.config.getoption("ignore") or []]
        if any(path == self.folder or self.folder in path.parents for path in ignored):
            return False
        # Paths from the command line are relative to where pytest was started; testpaths, to the rootdir.
        base = self.config.rootpath if self.config.args_source == pytest.Config.ArgsSource.TESTPATHS else invoked_in
        given = [(base / arg).resolve() for arg in self.config.args if "::" not in arg]
        return any(path == self.folder or path in self.folder.parents for path in given)


def consumer_of(pact_file: Path) -> str:
    return json.loads(pact_file.read_text())["consumer"]["name"]
