"""The compose files are valid Compose and stay true to the code they start.

No Docker engine is needed: each file is checked against the Compose Specification's JSON
schema, then read as YAML, with compose's ``${NAME:-default}`` interpolation applied on the
defaults, and every service, process, port, variable, file and command it names is looked
up in the repository: in ``microshop_common.processes`` (how ``make run``, the tests and
the images set up and start every process, the commands a service's registry table adds
included), in the services' one Dockerfile, in each service's ``.env.example`` and
management commands, and in ``.ci/run``. The command of every container, and the CMD
of every image, is the one that module builds, word for word.
"""

import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dockerfile
import pytest
import yaml

from microshop_common.processes import (
    CALLS,
    DEFAULT_FAKE_PORTS,
    DEFAULT_PORTS,
    FAKE_OWNERS,
    OWN_COMMANDS,
    WEB_WORKERS,
    fake_command,
    fake_process_name,
    own_command,
    relay_command,
    setup_command,
    web_command,
    worker_command,
)

REPO_DIR = Path(__file__).resolve().parents[2]
SERVICES_DIR = REPO_DIR / "services"
COMMON_SOURCE_DIR = SERVICES_DIR / "common" / "src"
SYSTEM_FILE = REPO_DIR / "docker-compose.yml"
TEST_INFRASTRUCTURE_FILE = REPO_DIR / "docker-compose.test.yml"
INFRASTRUCTURE = ("postgres", "rabbitmq", "redis", "keys")
PROCESSES = ("setup", "web", "worker", "relay")
# The interpreter on the PATH of the images.
IMAGE_PYTHON = "python"
LONG_RUNNING = ("web", "worker", "relay")


def processes_of(service: str, kinds: tuple[str, ...] = PROCESSES) -> tuple[str, ...]:
    """``kinds``, then the long-running commands the service's registry table adds (notifications' sweeper)."""
    return (*kinds, *OWN_COMMANDS.get(service, {}))


REQUIRED_VARIABLES = {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "JWT_KEYS_DIR", "REDIS_URL"}
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?::?-(?P<default>[^}]*))?\}")


def interpolated(value):
    """The value as compose sees it when none of the variables it names is set."""
    if isinstance(value, str):
        return INTERPOLATION.sub(lambda match: match["default"] or "", value).replace("$$", "$")
    if isinstance(value, dict):
        return {key: interpolated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolated(item) for item in value]
    return value


def load_compose(path: Path) -> dict:
    return interpolated(yaml.safe_load(path.read_text()))


@pytest.fixture(scope="module")
def system() -> dict:
    return load_compose(SYSTEM_FILE)


@pytest.fixture(scope="module")
def test_infrastructure() -> dict:
    return load_compose(TEST_INFRASTRUCTURE_FILE)


def container_name(service: str, process: str) -> str:
    return service if process == "web" else f"{service}-{process}"


def service_of(container: dict) -> str | None:
    """The microshop service whose image the container runs: the ``SERVICE`` its image is built for."""
    return container.get("build", {}).get("args", {}).get("SERVICE")


def build_args(container: dict) -> dict[str, str]:
    return {name: str(value) for name, value in container["build"].get("args", {}).items()}


def service_containers(compose: dict) -> dict[str, tuple[str, dict]]:
    """Every container built from a service's image, by name, with that service."""
    return {
        name: (service_of(container), container)
        for name, container in compose["services"].items()
        if service_of(container)
    }


def dependencies(container: dict) -> dict[str, dict]:
    depends_on = container.get("depends_on", {})
    if isinstance(depends_on, list):
        return {name: {"condition": "service_started"} for name in depends_on}
    return depends_on


def mounts(container: dict) -> list[tuple[str, str]]:
    """(source, target) of every volume: a named volume, or a path for a bind mount."""
    pairs = []
    for volume in container.get("volumes", []):
        if isinstance(volume, dict):
            pairs.append((volume.get("source", ""), volume["target"]))
        elif ":" in volume:
            source, target = volume.split(":")[:2]
            pairs.append((source, target))
    return pairs


def is_path(source: str) -> bool:
    return source.startswith((".", "/", "~"))


def published_ports(container: dict) -> dict[int, int]:
    """{container port: host port} of the container's published ports."""
    ports = {}
    for entry in container.get("ports", []):
        if isinstance(entry, dict):
            ports[int(entry["target"])] = int(entry["published"])
        else:
            *_, host, target = str(entry).split("/")[0].split(":")
            ports[int(target)] = int(host)
    return ports


def environment(container: dict) -> dict[str, str]:
    variables = container.get("environment", {})
    if isinstance(variables, list):
        return dict(variable.partition("=")[::2] for variable in variables)
    return variables


def image_command(container: dict) -> list[str]:
    """What the container's image runs when compose gives no command: the CMD, as compose builds the image."""
    return dockerfile.command(build_args(container))


def commands(service: str, container: dict) -> list[list[str]]:
    """Each program the container runs, as words: `sh -c "a && b"` is two programs."""
    command = container.get("command") or image_command(container)
    words = shlex.split(command) if isinstance(command, str) else [str(word) for word in command]
    if words[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in words[2].split("&&")]
    return [words]


def manage_py_steps(words_list: list[list[str]]) -> list[list[str]]:
    return [words[words.index("manage.py") + 1 :] for words in words_list if "manage.py" in words]


def management_commands(service: str) -> set[str]:
    """The management commands a service has: Django's own, microshop_common's and its app's."""
    django_dir = Path(importlib.util.find_spec("django").origin).parent
    folders = [
        django_dir / "core" / "management" / "commands",
        COMMON_SOURCE_DIR / "microshop_common" / "events" / "management" / "commands",
        *(SERVICES_DIR / service).glob("*/management/commands"),
    ]
    return {path.stem for folder in folders for path in folder.glob("*.py") if path.stem != "__init__"}


def module_exists(module: str, service: str) -> bool:
    relative = Path(*module.split("."))
    return any(
        (root / relative).with_suffix(".py").exists() or (root / relative / "__init__.py").exists()
        for root in (SERVICES_DIR / service, COMMON_SOURCE_DIR)
    )


def modules_run(words: list[str]) -> list[str]:
    """The Python modules a command starts: X of `python -m X`, but the app of `-m celery -A X` and `-m gunicorn X`."""
    if words[:2] != ["python", "-m"]:
        return []
    program, *arguments = words[2:]
    if program == "celery":
        return [f"{arguments[arguments.index('-A') + 1]}.celery"]
    if program == "gunicorn":
        return [arguments[0]]
    return [program]


def env_example_variables(service: str) -> set[str]:
    """Every variable a service's .env.example documents, commented-out optional ones included."""
    text = (SERVICES_DIR / service / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def validate_against_compose_spec(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("path", [SYSTEM_FILE, TEST_INFRASTRUCTURE_FILE], ids=lambda path: path.name)
def test_each_compose_file_follows_the_compose_specification(path):
    result = validate_against_compose_spec(path)

    assert result.returncode == 0, result.stdout + result.stderr


def fakes_of(service: str) -> list[str]:
    return [fake for fake, owner in FAKE_OWNERS.items() if owner == service]


def test_compose_runs_setup_web_worker_relay_and_own_commands_of_every_service_make_run_starts(system):
    expected = {*INFRASTRUCTURE, *(container_name(s, process) for s in DEFAULT_PORTS for process in processes_of(s))}
    expected |= {fake_process_name(fake) for fake in DEFAULT_FAKE_PORTS}

    assert set(system["services"]) == expected


def test_every_container_of_a_service_runs_that_services_image(system):
    for service in DEFAULT_PORTS:
        for process in processes_of(service):
            container = system["services"][container_name(service, process)]
            assert service_of(container) == service, container_name(service, process)
            assert container["image"] == system["services"][service]["image"], container_name(service, process)


def test_every_image_is_built_from_a_dockerfile_that_exists_in_its_context(system):
    for name, container in system["services"].items():
        if "build" in container:
            context = REPO_DIR / container["build"]["context"]
            assert (context / container["build"].get("dockerfile", "Dockerfile")).is_file(), name


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_image_is_built_for_its_service_and_the_port_make_run_gives_it(system, service):
    build = system["services"][service]["build"]

    assert build_args(system["services"][service]) == {"SERVICE": service, "PORT": str(DEFAULT_PORTS[service])}
    assert (REPO_DIR / build["context"] / service / "manage.py").is_file()


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_api_is_published_on_the_port_make_run_gives_it(system, service):
    port = DEFAULT_PORTS[service]

    assert published_ports(system["services"][service]) == {port: port}
    assert f"0.0.0.0:{port}" in image_command(system["services"][service]), "the image's gunicorn binds another port"


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_api_is_healthy_once_its_readiness_endpoint_answers(system, service):
    probe = " ".join(system["services"][service]["healthcheck"]["test"])

    assert f"http://127.0.0.1:{DEFAULT_PORTS[service]}/health/ready/" in probe


def test_every_variable_a_container_receives_is_one_its_service_reads(system):
    for name, (service, container) in service_containers(system).items():
        unknown = set(environment(container)) - env_example_variables(service)
        assert not unknown, f"{name} gets variables {service} does not read: {sorted(unknown)}"


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_every_container_of_a_service_gets_the_variables_it_needs(system, service):
    needed = REQUIRED_VARIABLES | {f"{callee.upper()}_URL" for callee in CALLS.get(service, ())}
    needed |= {f"{fake.upper()}_URL" for fake in fakes_of(service)}

    for process in processes_of(service):
        missing = needed - set(environment(system["services"][container_name(service, process)]))
        assert not missing, f"{container_name(service, process)} lacks {sorted(missing)}"


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_service_reaches_its_own_database_the_broker_and_its_callees_by_compose_name(system, service):
    variables = environment(system["services"][service])

    database = urlsplit(variables["DATABASE_URL"])
    assert (database.hostname, database.path) == ("postgres", f"/{service}")
    assert urlsplit(variables["CELERY_BROKER_URL"]).hostname == "rabbitmq"
    for callee in CALLS.get(service, ()):
        assert variables[f"{callee.upper()}_URL"] == f"http://{callee}:{DEFAULT_PORTS[callee]}"
    for fake in fakes_of(service):
        assert variables[f"{fake.upper()}_URL"] == f"http://{fake_process_name(fake)}:{DEFAULT_FAKE_PORTS[fake]}"


@pytest.mark.parametrize("fake", DEFAULT_FAKE_PORTS)
def test_each_fake_of_an_outside_service_runs_as_make_run_runs_it_from_its_service_s_image(system, fake):
    container = system["services"][fake_process_name(fake)]
    port = DEFAULT_FAKE_PORTS[fake]
    expected = fake_command(fake, port=port, host="0.0.0.0", python=IMAGE_PYTHON)

    assert service_of(container) == FAKE_OWNERS[fake]
    assert commands(FAKE_OWNERS[fake], container) == [expected]
    assert published_ports(container) == {port: port}


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_api_accepts_requests_for_its_compose_hostname_and_its_health_check(system, service):
    allowed_hosts = environment(system["services"][service])["DJANGO_ALLOWED_HOSTS"].split(",")

    assert {service, "127.0.0.1"} <= set(allowed_hosts)


def test_postgres_creates_every_services_database_on_first_start(system):
    init_scripts = [
        REPO_DIR / source
        for source, target in mounts(system["services"]["postgres"])
        if target.startswith("/docker-entrypoint-initdb.d/")
    ]

    created = {name for script in init_scripts for name in re.findall(r"CREATE DATABASE (\w+)", script.read_text())}
    assert created == set(DEFAULT_PORTS)


def test_every_container_reads_its_keys_from_the_volume_the_keys_service_writes(system):
    keys = system["services"]["keys"]
    [(volume, path)] = mounts(keys)
    assert ["python", "-m", "microshop_common.keys", path] in commands("users", keys)

    for name, (_, container) in service_containers(system).items():
        if name != "keys":
            assert (volume, environment(container)["JWT_KEYS_DIR"]) in mounts(container), name


@pytest.mark.parametrize("path", [SYSTEM_FILE, TEST_INFRASTRUCTURE_FILE], ids=lambda path: path.name)
def test_every_dependency_is_a_service_of_the_file(path):
    compose = load_compose(path)

    for name, container in compose["services"].items():
        unknown = set(dependencies(container)) - set(compose["services"])
        assert not unknown, f"{name} depends on {sorted(unknown)}"


@pytest.mark.parametrize("path", [SYSTEM_FILE, TEST_INFRASTRUCTURE_FILE], ids=lambda path: path.name)
def test_every_service_waited_for_until_healthy_has_a_health_check(path):
    compose = load_compose(path)

    for name, container in compose["services"].items():
        for dependency, wait in dependencies(container).items():
            if wait["condition"] == "service_healthy":
                assert "healthcheck" in compose["services"].get(dependency, {}), f"{name} waits for {dependency}"


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_setup_waits_for_a_healthy_database_broker_and_cache_and_for_the_keys(system, service):
    waits = dependencies(system["services"][container_name(service, "setup")])

    assert waits == {
        "postgres": {"condition": "service_healthy"},
        "rabbitmq": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "keys": {"condition": "service_completed_successfully"},
    }


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_no_process_starts_before_every_service_is_set_up(system, service):
    every_setup = {container_name(s, "setup"): {"condition": "service_completed_successfully"} for s in DEFAULT_PORTS}

    for process in processes_of(service, LONG_RUNNING):
        assert dependencies(system["services"][container_name(service, process)]) == every_setup, process


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_setup_runs_the_command_make_run_prepares_the_service_with(system, service):
    setup = system["services"][container_name(service, "setup")]

    assert manage_py_steps(commands(service, setup)) == [list(setup_command(seed=True))]


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_image_serves_its_api_as_make_run_does_on_every_interface(system, service):
    expected = web_command(port=DEFAULT_PORTS[service], workers=WEB_WORKERS, host="0.0.0.0", python=IMAGE_PYTHON)

    assert image_command(system["services"][service]) == expected


@pytest.mark.parametrize("service", DEFAULT_PORTS)
def test_each_worker_and_relay_runs_what_make_run_runs(system, service):
    [worker] = commands(service, system["services"][container_name(service, "worker")])
    [relay] = commands(service, system["services"][container_name(service, "relay")])

    assert worker == worker_command(service, python=IMAGE_PYTHON)
    assert relay == relay_command(python=IMAGE_PYTHON)


@pytest.mark.parametrize(
    ("service", "name"), [(service, name) for service, commands in OWN_COMMANDS.items() for name in commands]
)
def test_each_command_a_service_adds_in_the_registry_runs_what_make_run_runs(system, service, name):
    [command] = commands(service, system["services"][container_name(service, name)])

    assert command == own_command(OWN_COMMANDS[service][name], python=IMAGE_PYTHON)


def test_every_management_command_a_container_runs_exists(system):
    for name, (service, container) in service_containers(system).items():
        for step in manage_py_steps(commands(service, container)):
            assert step[0] in management_commands(service), f"{name}: manage.py {step[0]}"


def test_every_python_module_a_container_runs_exists(system):
    for name, (service, container) in service_containers(system).items():
        for words in commands(service, container):
            for module in modules_run(words):
                assert module_exists(module, service), f"{name}: {module}"


@pytest.mark.parametrize("path", [SYSTEM_FILE, TEST_INFRASTRUCTURE_FILE], ids=lambda path: path.name)
def test_every_mounted_file_exists_and_every_named_volume_is_declared(path):
    compose = load_compose(path)

    for name, container in compose["services"].items():
        for source, _ in mounts(container):
            if is_path(source):
                assert (path.parent / source).exists(), f"{name} mounts {source}"
            else:
                assert source in compose.get("volumes", {}), f"{name} mounts an undeclared volume {source}"


def ci_default(variable: str) -> str:
    """The URL .ci/run uses unless CI_DATABASE_URL / CI_BROKER_URL override it."""
    return re.search(rf"\$\{{{variable}:-([^}}]+)\}}", (REPO_DIR / ".ci" / "run").read_text())[1]


@pytest.mark.parametrize(("service", "variable"), [("postgres", "CI_DATABASE_URL"), ("rabbitmq", "CI_BROKER_URL")])
def test_test_infrastructure_publishes_the_ports_ci_connects_to(test_infrastructure, service, variable):
    url = urlsplit(ci_default(variable))

    assert url.hostname == "127.0.0.1"
    assert url.port in published_ports(test_infrastructure["services"][service]).values()


def test_test_database_accepts_the_passwordless_connection_ci_makes(test_infrastructure):
    assert urlsplit(ci_default("CI_DATABASE_URL")).password is None
    assert environment(test_infrastructure["services"]["postgres"])["POSTGRES_HOST_AUTH_METHOD"] == "trust"


def test_test_infrastructure_says_how_to_run_the_tests_against_it():
    usage = TEST_INFRASTRUCTURE_FILE.read_text()

    assert "docker compose -f docker-compose.test.yml up -d --wait" in usage
    assert f"export DATABASE_URL={ci_default('CI_DATABASE_URL')}" in usage
    assert f"export CELERY_BROKER_URL={ci_default('CI_BROKER_URL')}" in usage
    assert "make test-all" in usage


def test_compose_gives_the_staff_account_no_default_password():
    setup = yaml.safe_load(SYSTEM_FILE.read_text())["services"]["users-setup"]

    # ${NAME:?message}: compose refuses to start while the variable is unset or empty.
    assert re.fullmatch(r"\$\{STAFF_PASSWORD:\?[^}]+\}", setup["environment"]["STAFF_PASSWORD"])
