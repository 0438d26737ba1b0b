"""The GitHub Actions workflow is valid and runs the test pyramid with the project's own commands.

The workflow cannot run here, so everything that can be known without GitHub is checked:
actionlint and the JSON schema of GitHub workflows accept it, its jobs climb the pyramid in
order (lint, then unit and integration, then component, contract, security and e2e, then
the resilience journeys and the load run, and the generator's test and the exercises' check
beside them), every command it runs is a make
target of the Makefile, every service it tests has tests of that layer, the jobs with
backends get the PostgreSQL and RabbitMQ they are pointed at (and Redis where several web
workers share throttle counters), and every report it uploads is one the test runs or the
bench write.
"""

import glob
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO_DIR = Path(__file__).resolve().parents[2]
WORKFLOW = REPO_DIR / ".github" / "workflows" / "ci.yml"
MAKEFILE = REPO_DIR / "Makefile"
SERVICES_DIR = REPO_DIR / "services"
# What the test runs write: JUnit XML (tests/run_layers.py), coverage, and the processes' logs
# of the e2e and resilience layers.
REPORT_FOLDERS = {
    "reports/junit",
    "reports/coverage",
    "reports/e2e-logs",
    "reports/resilience-logs",
    "reports/bench.json",
    "reports/bench",
    "reports/bench-logs",
    "reports/exercises",
}
# Rules are `target: prerequisites`; `NAME := value` is a variable, and `.PHONY` is not a target to run.
MAKE_RULE = re.compile(r"^(?P<targets>[A-Za-z0-9][\w.-]*(?:[ \t]+[A-Za-z0-9][\w.-]*)*)[ \t]*:(?![:=])", re.MULTILINE)
EXPRESSION = re.compile(r"^\$\{\{\s*(?P<body>.*?)\s*\}\}$")
MATRIX_SERVICE = "${{ matrix.service }}"
JOBS_WITH_BACKENDS = ("integration", "component", "contract", "security", "e2e", "resilience", "load", "exercises")
# The jobs that run whole systems (the exercises' too, in e2e and resilience), whose web
# processes have several workers sharing throttle counters.
JOBS_WITH_REDIS = ("e2e", "resilience", "load", "exercises")


def load_workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    # PyYAML reads YAML 1.1, where the key `on` is the boolean true; GitHub reads it as "on".
    workflow["on"] = workflow.pop(True)
    return workflow


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load_workflow()


@pytest.fixture(scope="module")
def jobs(workflow) -> dict:
    return workflow["jobs"]


def makefile_targets() -> set[str]:
    return {target for match in MAKE_RULE.finditer(MAKEFILE.read_text()) for target in match["targets"].split()}


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def condition(step: dict) -> str:
    """A step's `if:`, the same whether or not it is written inside ${{ }}."""
    text = str(step.get("if", "")).strip()
    match = EXPRESSION.match(text)
    return match["body"] if match else text


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job.get("steps", []) if step.get("uses", "").split("@")[0] == action]


def commands(job: dict) -> list[str]:
    """Every command line of the job's `run:` steps."""
    lines = (line.strip() for step in job.get("steps", []) if "run" in step for line in step["run"].splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def make_calls(jobs) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Per job, each `make` it runs: (target, variables given on the command line)."""
    calls = {}
    for name, job in jobs.items():
        calls[name] = []
        for command in commands(job):
            words = shlex.split(command)
            if words[0] != "make":
                continue
            variables = dict(word.split("=", 1) for word in words[1:] if "=" in word)
            targets = [word for word in words[1:] if "=" not in word and not word.startswith("-")]
            calls[name] += [(target, variables) for target in targets]
    return calls


def services_named(job: dict, variables: dict[str, str]) -> list[str]:
    """The services a make call runs, from its ARGS='--service ...' (the matrix's, for a matrix job)."""
    args = shlex.split(variables.get("ARGS", "").replace(MATRIX_SERVICE, "MATRIX_SERVICE"))
    named = [args[index + 1] for index, arg in enumerate(args[:-1]) if arg == "--service"]
    matrix = job.get("strategy", {}).get("matrix", {}).get("service", [])
    return [service for name in named for service in (matrix if name == "MATRIX_SERVICE" else [name])]


def jobs_running_tests(make_calls) -> list[str]:
    return [job for job, calls in make_calls.items() if any(target.startswith("test-") for target, _ in calls)]


def services_with_layer(layer: str) -> set[str]:
    # As tests/run_layers.py's holds_tests: a test module, or the tables.py the security layer is collected from.
    return {
        path.parents[1].name
        for path in SERVICES_DIR.glob(f"*/tests/{layer}")
        if any(path.rglob("test_*.py")) or (path / "tables.py").is_file()
    }


def test_the_workflow_runs_on_every_push_and_every_pull_request(workflow):
    assert {"push", "pull_request"} <= set(workflow["on"])


def test_the_jobs_climb_the_pyramid_and_end_with_the_load_run(jobs):
    needs = {name: set(as_list(job.get("needs"))) for name, job in jobs.items()}

    assert needs == {
        "lint": set(),
        "unit": {"lint"},
        "integration": {"lint"},
        "component": {"unit", "integration"},
        "contract": {"component"},
        "security": {"contract"},
        "e2e": {"security"},
        "resilience": {"e2e"},
        "load": {"e2e"},
        "generator": {"lint"},
        "exercises": {"lint"},
    }


def test_each_job_runs_the_make_target_of_its_layer(make_calls):
    targets = {job: [target for target, _ in calls] for job, calls in make_calls.items()}

    assert targets == {
        "lint": ["lint"],
        "unit": ["test-unit"],
        "integration": ["test-integration"],
        "component": ["test-component"],
        "contract": ["test-contract"],
        "security": ["test-security"],
        "e2e": ["test-e2e"],
        "resilience": ["test-resilience"],
        "load": ["bench"],
        "generator": ["test-generator"],
        "exercises": ["exercises-check"],
    }


def test_every_command_the_workflow_runs_is_a_make_call_developers_run_locally(jobs):
    not_make = [
        (name, command) for name, job in jobs.items() for command in commands(job) if command.split()[0] != "make"
    ]

    assert not_make == []


def test_every_make_target_the_workflow_runs_is_defined_in_the_makefile(make_calls):
    defined = makefile_targets()
    unknown = {(job, target) for job, calls in make_calls.items() for target, _ in calls if target not in defined}

    assert unknown == set(), f"targets the Makefile defines: {sorted(defined)}"


def test_every_service_a_job_tests_is_a_service_folder_with_tests_of_that_layer(jobs, make_calls):
    missing = [
        f"{job}: services/{service}/tests/{target.removeprefix('test-')}/"
        for job, calls in make_calls.items()
        for target, variables in calls
        for service in services_named(jobs[job], variables)
        if not (SERVICES_DIR / service / "tests" / target.removeprefix("test-")).is_dir()
    ]

    assert missing == []


@pytest.mark.parametrize("job", ["unit", "integration", "component", "security"])
def test_a_per_service_job_runs_one_matrix_entry_for_every_service_with_tests_of_its_layer(jobs, make_calls, job):
    ((target, variables),) = make_calls[job]

    assert variables.get("ARGS") == f"--service {MATRIX_SERVICE}"
    assert sorted(jobs[job]["strategy"]["matrix"]["service"]) == sorted(
        services_with_layer(target.removeprefix("test-"))
    )


def test_the_unit_job_has_no_database_or_broker(jobs):
    assert "services" not in jobs["unit"]
    assert not {"DATABASE_URL", "CELERY_BROKER_URL"} & set(jobs["unit"].get("env", {}))


@pytest.mark.parametrize("job", JOBS_WITH_BACKENDS)
def test_a_job_with_backends_starts_postgresql_16_and_rabbitmq_3_13_and_waits_for_their_health_checks(jobs, job):
    containers = jobs[job].get("services", {})
    images = {name: container.get("image", "") for name, container in containers.items()}
    options = {name: container.get("options", "") for name, container in containers.items()}

    expected = {"postgres": "postgres:16", "rabbitmq": "rabbitmq:3.13"}
    assert images == (expected | {"redis": "redis:7"} if job in JOBS_WITH_REDIS else expected)
    assert re.search(r'--health-cmd\s+"pg_isready\b', options["postgres"])
    assert re.search(r'--health-cmd\s+"rabbitmq-diagnostics\b[^"]*\bping"', options["rabbitmq"])


@pytest.mark.parametrize("job", JOBS_WITH_BACKENDS)
def test_a_job_with_backends_points_the_tests_at_postgresql_and_rabbitmq(jobs, job):
    env = jobs[job].get("env", {})

    assert env.get("DATABASE_URL") == "postgres://postgres:postgres@localhost:5432/microshop"
    assert env.get("CELERY_BROKER_URL") == "amqp://guest:guest@localhost:5672//"


@pytest.mark.parametrize("job", JOBS_WITH_BACKENDS)
def test_the_database_url_of_a_job_with_backends_matches_its_postgresql_container(jobs, job):
    database = urlsplit(jobs[job]["env"]["DATABASE_URL"])
    postgres = jobs[job]["services"]["postgres"]

    assert database.password == postgres["env"]["POSTGRES_PASSWORD"]
    assert database.path.strip("/") == postgres["env"]["POSTGRES_DB"]
    assert f"{database.port}:5432" in as_list(postgres["ports"])


@pytest.mark.parametrize("job", JOBS_WITH_REDIS)
def test_a_job_running_whole_systems_points_the_throttles_at_its_redis_container_once_healthy(jobs, job):
    cache = urlsplit(jobs[job]["env"]["REDIS_URL"])
    redis = jobs[job]["services"]["redis"]

    assert cache.scheme == "redis"
    assert f"{cache.port}:6379" in as_list(redis["ports"])
    assert re.search(r'--health-cmd\s+"redis-cli ping"', redis["options"])


@pytest.mark.parametrize("job", JOBS_WITH_BACKENDS)
def test_the_broker_url_of_a_job_with_backends_matches_its_rabbitmq_container(jobs, job):
    broker = urlsplit(jobs[job]["env"]["CELERY_BROKER_URL"])
    rabbitmq = jobs[job]["services"]["rabbitmq"]

    assert f"{broker.port}:5672" in as_list(rabbitmq["ports"])


def test_every_job_has_a_timeout(jobs):
    timeouts = {name: job.get("timeout-minutes") for name, job in jobs.items()}

    assert all(isinstance(minutes, int) and minutes > 0 for minutes in timeouts.values()), timeouts


def test_a_newer_push_to_the_same_ref_cancels_the_run_it_supersedes(workflow):
    concurrency = workflow.get("concurrency", {})

    assert "github.ref" in concurrency.get("group", "")
    assert concurrency.get("cancel-in-progress") is True


def test_the_workflow_token_can_only_read_the_repository(workflow):
    assert workflow.get("permissions") == {"contents": "read"}


def test_every_job_sets_up_python_3_11_with_a_pip_cache_keyed_on_every_file_make_install_reads(jobs):
    # The Makefile's REQUIREMENTS: the plumbing and testing packages, and every requirements file.
    make_install_reads = {
        "services/common/pyproject.toml",
        "services/testing/pyproject.toml",
        *(str(path.relative_to(REPO_DIR)) for path in SERVICES_DIR.rglob("requirements*.txt")),
        *(str(path.relative_to(REPO_DIR)) for path in (REPO_DIR / "tests").rglob("requirements*.txt")),
    }
    for name, job in jobs.items():
        (setup_python,) = steps_using(job, "actions/setup-python")
        inputs = setup_python.get("with", {})
        patterns = str(inputs.get("cache-dependency-path", "")).split()
        keyed_on = {path for pattern in patterns for path in glob.glob(pattern, root_dir=REPO_DIR, recursive=True)}

        assert str(inputs.get("python-version")) == "3.11", name
        assert inputs.get("cache") == "pip", name
        assert make_install_reads - keyed_on == set(), name


def test_every_test_job_uploads_its_junit_reports_even_when_tests_fail(jobs, make_calls):
    for job in jobs_running_tests(make_calls):
        uploads = steps_using(jobs[job], "actions/upload-artifact")

        assert any(
            step["with"]["path"].rstrip("/") == "reports/junit" and condition(step) == "always()" for step in uploads
        ), job


def test_every_test_job_uploads_coverage_when_the_run_wrote_some(jobs, make_calls):
    for job in jobs_running_tests(make_calls):
        uploads = steps_using(jobs[job], "actions/upload-artifact")

        assert any(
            step["with"]["path"].rstrip("/") == "reports/coverage"
            and condition(step) == "always()"
            and step["with"].get("if-no-files-found") == "ignore"
            for step in uploads
        ), job


@pytest.mark.parametrize("job", ["e2e", "resilience"])
def test_a_job_that_runs_the_whole_system_uploads_the_logs_of_every_process_when_it_fails(jobs, job):
    uploads = steps_using(jobs[job], "actions/upload-artifact")

    assert any(
        step["with"]["path"].rstrip("/") == f"reports/{job}-logs" and condition(step) == "failure()" for step in uploads
    )


def test_the_load_job_uploads_the_bench_report_and_its_logs_whatever_the_outcome(jobs):
    [upload] = steps_using(jobs["load"], "actions/upload-artifact")

    assert condition(upload) == "always()"
    assert set(upload["with"]["path"].split()) == {"reports/bench.json", "reports/bench/", "reports/bench-logs/"}


def test_every_artifact_has_a_name_of_its_own_in_every_job_and_matrix_entry(jobs):
    names = [
        step["with"]["name"].replace(MATRIX_SERVICE, service)
        for job in jobs.values()
        for service in job.get("strategy", {}).get("matrix", {}).get("service", [MATRIX_SERVICE])
        for step in steps_using(job, "actions/upload-artifact")
    ]
    duplicated = sorted({name for name in names if names.count(name) > 1})

    assert duplicated == []


def test_every_uploaded_path_is_a_report_folder_the_tests_write_or_exists(jobs):
    paths = {
        path.rstrip("/")
        for job in jobs.values()
        for step in steps_using(job, "actions/upload-artifact")
        for path in step["with"]["path"].split()
    }
    unknown = {path for path in paths if path not in REPORT_FOLDERS and not (REPO_DIR / path).exists()}

    assert unknown == set()


def actionlint() -> str:
    """The actionlint of this environment (tests/requirements.txt installs it beside Python)."""
    beside_python = Path(sysconfig.get_path("scripts")) / "actionlint"
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed: pip install -r tests/requirements.txt")
    return found


def test_actionlint_finds_nothing_wrong_with_the_workflow():
    # Without shellcheck and pyflakes, which actionlint would use only where they happen
    # to be installed, its verdict is the same on every machine.
    result = subprocess.run(
        [actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", str(WORKFLOW.relative_to(REPO_DIR))],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_is_valid_against_the_json_schema_of_github_workflows():
    # SchemaStore's schema, shipped with check-jsonschema: a second opinion, independent of actionlint.
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
