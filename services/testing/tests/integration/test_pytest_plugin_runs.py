"""The plugin's rules for a whole run: what a unit test may not do, and what a run leaves behind.

Each test runs a pytest of its own (pytester), and starts processes or opens sockets, which
a unit test may not.
"""

import re
import subprocess
from pathlib import Path

import pytest


def test_a_unit_test_that_opens_a_socket_fails_and_an_integration_test_may(pytester):
    opens_a_socket = "import socket\n\ndef test_binds_a_port():\n    socket.socket().bind(('127.0.0.1', 0))\n"
    pytester.makepyfile(
        **{"tests/unit/test_unit_socket": opens_a_socket, "tests/integration/test_integration_socket": opens_a_socket}
    )

    # In a process of its own: pytest-socket's switch holds for the whole of the process it is in.
    result = pytester.runpytest_subprocess("-p", "no:django")

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "tests/integration/test_integration_socket.py .*",
            "tests/unit/test_unit_socket.py F*",
            "E *SocketBlockedError: A test tried to use socket.socket.",
        ]
    )


@pytest.mark.parametrize(
    ("starts_a_process", "shown_as"),
    [("subprocess.run(['true'], check=True)", "*'true'*"), ("os.system('true')", "os.system")],
    ids=["subprocess", "os.system"],
)
def test_a_unit_test_that_starts_a_process_fails_and_an_integration_test_may(pytester, starts_a_process, shown_as):
    test = f"import os, subprocess\n\ndef test_starts_a_process():\n    {starts_a_process}\n"
    pytester.makepyfile(**{"tests/unit/test_unit_process": test, "tests/integration/test_integration_process": test})

    result = pytester.runpytest("-p", "no:django")

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "tests/integration/test_integration_process.py .*",
            "tests/unit/test_unit_process.py F*",
            f"E *ProcessStartedInAUnitTest: a unit test starts no process, and this one ran {shown_as}: *",
        ]
    )
    # The refusal ended with the unit test.
    assert subprocess.run(["true"]).returncode == 0


def test_a_run_leaves_neither_its_embedded_broker_folder_nor_its_sqlite_files_behind(pytester):
    pytester.makepyfile(
        test_leftovers=(
            "from microshop_testing.environment import RUN_DIR, RUN_ID\n"
            "def test_it_uses_the_broker_and_leaves_what_sqlite_leaves_when_another_process_held_it():\n"
            "    folder = RUN_DIR / f'broker-{RUN_ID}'\n"
            "    (folder / 'queue').mkdir(parents=True, exist_ok=True)\n"
            "    print('LEFTOVER', folder)\n"
            "    for suffix in ('-wal', '-shm'):\n"
            "        database_file = RUN_DIR / f'test_orders_{RUN_ID}.sqlite3{suffix}'\n"
            "        database_file.touch()\n"
            "        print('LEFTOVER', database_file)\n"
        )
    )

    # A process of its own, as each suite runs: the run id is the process's.
    result = pytester.runpytest_subprocess("-p", "no:django", "-s")

    result.assert_outcomes(passed=1)
    leftovers = re.findall(r"LEFTOVER (\S+)", result.stdout.str())
    assert len(leftovers) == 3
    assert [leftover for leftover in leftovers if Path(leftover).exists()] == []


@pytest.mark.parametrize("named", ["microshop_testing.pytest_plugin", "microshop_testing.failure_logs"])
def test_a_helpers_assert_says_what_it_compared_in_a_run_that_names_one_module_of_the_package(
    pytester, monkeypatch, named
):
    # As tests/run_layers.py and the e2e layer's pytest.ini load them: autoloading off, one
    # module named. In a process of its own, since this one has imported the helpers already.
    monkeypatch.setenv("PYTEST_ADDOPTS", f"--disable-plugin-autoload -p {named}")
    pytester.makepyfile(
        test_health=(
            "from microshop_testing.endpoints import assert_alive_and_ready\n"
            "class Answer:\n"
            "    def __init__(self, status_code, body):\n"
            "        self.status_code, self.body = status_code, body\n"
            "    def json(self):\n"
            "        return self.body\n"
            "class NotReady:\n"
            "    def get(self, path):\n"
            "        return Answer(200, {'status': 'ok'}) if path == '/health/' else Answer(503, {})\n"
            "def test_the_service_is_ready():\n"
            "    assert_alive_and_ready(NotReady())\n"
        )
    )

    result = pytester.runpytest_subprocess()

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E *assert 503 == 200"])
