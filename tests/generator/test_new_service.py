"""``make new-service`` leaves a service that passes every layer with no further edit, and
refuses, with nothing written, what it cannot add.

Each test works on a copy of the repository in a temporary folder (the files git tracks or
would track, as they are now) and runs the copy's own code with this virtualenv's Python.
The copy's microshop_common and microshop_testing come first on the path, so everything
started there reads the copy's registry, not this checkout's (``microshop_testing.scratch``).
"""

import hashlib
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from microshop_testing.scratch import copy_repository, environment

REPO_DIR = Path(__file__).resolve().parents[2]
NAME = "gifts"
LAYERS = ("unit", "integration", "component", "contract", "security")


def run(copy: Path, *command: str | Path, cwd: Path | None = None, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(word) for word in command],
        cwd=cwd or copy,
        env={**environment(copy), **variables},
        capture_output=True,
        text=True,
    )


def new_service(copy: Path, *arguments: str) -> subprocess.CompletedProcess:
    return run(copy, sys.executable, "services/new_service.py", *arguments)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and a hash of its content."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def junit_counts(report: Path) -> tuple[int, int]:
    """(tests, failed or in error) of a JUnit XML file written by pytest."""
    suite = ET.parse(report).getroot().find("testsuite")
    return int(suite.get("tests")), int(suite.get("failures")) + int(suite.get("errors"))


@pytest.fixture
def copy(tmp_path) -> Path:
    return copy_repository(REPO_DIR, tmp_path / "microshop")


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["users"], "'users' is taken: the registry already has a service of that name"),
        (["common"], "'common' is taken: services/common already exists"),
        (["config"], "'config' is taken: it is one of the first-party packages in .ruff.toml"),
        (["json"], "'json' is taken: a module of that name is installed, and the service's package would hide it"),
        ([NAME, "--port", "8001"], "port 8001 is taken by orders"),
        ([NAME, "--port", "80"], "port 80 is not one a service can listen on: choose from 1024 to 65535"),
        (["gift-cards"], "'gift-cards' is not a valid Python identifier, so it cannot name the service's package"),
        (["2fa"], "'2fa' is not a valid Python identifier, so it cannot name the service's package"),
        (["class"], "'class' is not a valid Python identifier, so it cannot name the service's package"),
        (["GiftCards"], "'GiftCards': a service's name is lower-case letters, digits and _, starting with a letter"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_what_cannot_be_added_is_refused_in_one_line_and_nothing_is_written(copy, arguments, reason):
    before = fingerprint(copy)

    result = new_service(copy, *arguments)

    assert result.returncode == 2
    assert result.stderr == f"make new-service: {reason}\n"
    assert result.stdout == ""
    assert fingerprint(copy) == before


def test_make_new_service_says_what_it_takes():
    result = subprocess.run(
        [sys.executable, "services/new_service.py", "--help"], cwd=REPO_DIR, capture_output=True, text=True
    )

    assert result.returncode == 0
    assert "make new-service NAME=shipping [PORT=8010]" in result.stdout
    assert "--port PORT" in result.stdout


def test_a_step_that_fails_takes_back_what_the_steps_before_it_wrote(copy):
    # The last step, run after everything else is written.
    (copy / "services" / "registry_sync.py").write_text("raise SystemExit('the compose file is not writable')\n")
    before = fingerprint(copy)

    result = new_service(copy, NAME)

    assert result.returncode != 0
    assert "the compose file is not writable" in result.stderr
    assert fingerprint(copy) == before


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A copy of the repository with a new service, ``gifts``, added as a developer would."""
    copy = copy_repository(REPO_DIR, tmp_path_factory.mktemp("generated") / "microshop")
    result = new_service(copy, NAME)
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


def test_the_new_service_is_registered_on_the_lowest_free_port(generated):
    registry = tomllib.loads((generated / "services/common/src/microshop_common/registry.toml").read_text())
    isort = tomllib.loads((generated / ".ruff.toml").read_text())["lint"]["isort"]

    # 8000 to 8004 are taken; 8005 is not.
    assert registry[NAME] == {"port": 8005, "calls": [], "publishes": [], "consumes": []}
    assert NAME in isort["known-first-party"]
    assert (generated / "services/contracts/openapi" / f"{NAME}.yaml").is_file()
    assert run(generated, "make", "-s", "services").stdout.split()[-1] == NAME


def test_the_new_service_passes_ruff_and_mypy_and_its_migrations_match_its_models(generated):
    service_dir = generated / "services" / NAME
    tools = Path(sys.executable).parent

    ruff = run(generated, tools / "ruff", "check", service_dir)
    formatted = run(generated, tools / "ruff", "format", "--check", service_dir)
    mypy = run(generated, tools / "mypy", cwd=service_dir)
    # The test settings need no secret; an in-memory database keeps the check from creating one.
    migrations = run(
        generated,
        *(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"),
        cwd=service_dir,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL="sqlite://:memory:",
    )

    assert ruff.returncode == 0, ruff.stdout
    assert formatted.returncode == 0, formatted.stdout
    assert mypy.returncode == 0, mypy.stdout
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr


def test_the_static_checks_of_make_lint_hold_with_the_new_service_in_ci_and_compose(generated):
    compose = (generated / "docker-compose.yml").read_text()

    result = run(generated, sys.executable, "-m", "pytest", "tests/static", "-q")

    assert result.returncode == 0, result.stdout
    assert f"{NAME}-worker:" in compose


def test_every_layer_of_the_new_service_passes(generated):
    result = run(generated, sys.executable, "tests/run_layers.py", *LAYERS, "--service", NAME, "--no-coverage")

    assert result.returncode == 0, result.stdout + result.stderr
    for layer in LAYERS:
        tests, failed = junit_counts(generated / "reports" / "junit" / layer / f"{NAME}.xml")
        assert tests > 0, f"no {layer} test of {NAME} ran"
        assert failed == 0


def test_the_end_to_end_system_starts_the_new_service_and_waits_until_it_is_ready(generated):
    # The system is started with every registered service and waits for each one's readiness;
    # one short journey is enough to have it started.
    result = run(generated, sys.executable, "-m", "pytest", "tests/e2e", "-q", "-k", "wrong_password")

    assert result.returncode == 0, result.stdout
    logs = {log.name for log in (generated / "reports" / "e2e-logs").iterdir()}
    assert {f"{NAME}-web.log", f"{NAME}-worker.log", f"{NAME}-relay.log"} <= logs
