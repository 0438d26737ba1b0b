"""How the layer runner starts suites side by side (tests/warm_start.py)."""

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "tests"))

from warm_start import PRELOADED, run_python  # noqa: E402

# Run in the forked process, in its own folder: what a suite's process would find there.
PROBE = """
    import atexit, json, os, sys
    from pathlib import Path

    from django.conf import settings

    services = os.environ["SERVICES_DIR"]
    Path("seen.json").write_text(json.dumps({
        "cwd": os.getcwd(),
        "argv": sys.argv,
        "path0": sys.path[0],
        "environment": dict(os.environ),
        "imported": sorted(sys.modules),
        "of_the_services": [
            name for name, module in sys.modules.items()
            if (getattr(module, "__file__", None) or "").startswith(services)
        ],
        "settings_configured": settings.configured,
    }))
    atexit.register(lambda: Path("left.txt").write_text("atexit ran"))
    print("to standard output")
    print("to standard error", file=sys.stderr)
    sys.exit(3)
"""


@pytest.fixture
def ran(tmp_path):
    """Run the probe as ``python -m probe one two`` in a folder of its own; return what it saw."""
    (tmp_path / "probe.py").write_text(textwrap.dedent(PROBE))
    output = tmp_path / "output.log"
    output.touch()
    environment = {"SERVICES_DIR": str(REPO_DIR / "services"), "PATH": os.environ["PATH"]}

    code = run_python(["-m", "probe", "one", "two"], cwd=tmp_path, env=environment, output=output)

    return code, json.loads((tmp_path / "seen.json").read_text()), output.read_text(), tmp_path


def test_a_module_runs_as_python_m_would_run_it_in_the_folder_and_environment_given(ran):
    code, seen, output, folder = ran

    assert code == 3
    assert seen["cwd"] == seen["path0"] == str(folder)
    assert seen["argv"] == [str(folder / "probe.py"), "one", "two"]
    assert seen["environment"].keys() == {"SERVICES_DIR", "PATH"}
    assert output.splitlines() == ["to standard output", "to standard error"]


def test_the_process_starts_with_the_libraries_imported_and_nothing_of_the_services_or_their_settings(ran):
    _, seen, _, _ = ran

    assert set(PRELOADED) <= set(seen["imported"])
    assert seen["of_the_services"] == []
    assert seen["settings_configured"] is False


def test_the_atexit_handlers_run_as_the_process_ends(ran):
    *_, folder = ran

    assert (folder / "left.txt").read_text() == "atexit ran"


def test_only_a_module_starts_warm():
    with pytest.raises(ValueError, match="python -m MODULE"):
        run_python(["script.py"], cwd=REPO_DIR, env={}, output=Path(os.devnull))
