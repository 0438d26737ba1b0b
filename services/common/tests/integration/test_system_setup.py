"""Setting the system up runs each service's ``manage.py`` as a process of its own, and ``run.py``
loads the process definitions without Django: both start processes, so they are tested here."""

import subprocess
import sys

import pytest

from microshop_common.processes import SetupFailed, prepare, run_step
from tests.systems import a_system


def test_the_process_definitions_load_without_django_or_pytest():
    check = "import sys, microshop_common.processes; print(sorted({'django', 'pytest'} & set(sys.modules)))"

    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"


def test_a_failing_setup_step_names_the_service_and_shows_what_it_printed(tmp_path):
    (tmp_path / "inventory").mkdir()
    (tmp_path / "inventory" / "manage.py").write_text("import sys\nprint('no such table')\nsys.exit(1)\n")
    system = a_system(ports={"inventory": 9003}, services_dir=tmp_path)

    with pytest.raises(SetupFailed, match=r"(?s)`manage.py migrate` failed for inventory:.*no such table"):
        run_step(system, system.service("inventory"), "migrate")


def test_one_failing_service_stops_the_setup_once_the_others_have_run_their_step(tmp_path):
    for name, code in (("users", "sys.exit('users: no such table')"), ("inventory", "open('migrated', 'w')")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "manage.py").write_text(f"import sys\n{code}\n")
    system = a_system(ports={"users": 9000, "inventory": 9003}, services_dir=tmp_path, state_dir=tmp_path / "state")

    with pytest.raises(SetupFailed, match="failed for users"):
        prepare(system, seed=False)

    assert (tmp_path / "inventory" / "migrated").exists()
