"""The production images carry a service and its plumbing, and nothing its tests use.

Every service's image is built from the one ``services/Dockerfile``, told which service
by its build arguments (see ``dockerfile.py``). The test helpers are a distribution of
their own, ``microshop-testing``; these checks keep it, and the tools it brings (pytest,
Pact), out of every image and out of the code an image runs.
"""

import ast
from pathlib import Path

import dockerfile
import pytest

from microshop_common.registry import service_names, services

REPO_DIR = Path(__file__).resolve().parents[2]
SERVICES_DIR = REPO_DIR / "services"
SERVICES = service_names()
TEST_PACKAGES = {"pytest", "pytest_django", "pact", "responses", "factory", "microshop_testing"}
# Code that only the test suites run: they import the helpers on purpose.
TEST_ONLY = ("tests", "config/settings/test.py")


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def build_args(service: str) -> dict[str, str]:
    """What the image of ``service`` is built with (docker-compose.yml passes the same)."""
    return {"SERVICE": service, "PORT": str(services()[service].port)}


def dockerfile_instructions(service: str, instruction: str) -> list[list[str]]:
    return dockerfile.words(build_args(service), instruction)


def runtime_code(folder: Path) -> list[Path]:
    return [
        path
        for path in folder.rglob("*.py")
        if not any(path.relative_to(folder).as_posix().startswith(part) for part in TEST_ONLY)
    ]


def test_the_plumbing_library_imports_no_test_tool():
    for path in (SERVICES_DIR / "common" / "src").rglob("*.py"):
        assert not imported_packages(path) & TEST_PACKAGES, path.relative_to(REPO_DIR)


@pytest.mark.parametrize("service", SERVICES)
def test_the_code_a_service_runs_in_production_imports_no_test_tool(service):
    for path in runtime_code(SERVICES_DIR / service):
        assert not imported_packages(path) & TEST_PACKAGES, path.relative_to(REPO_DIR)


@pytest.mark.parametrize("service", SERVICES)
def test_each_image_copies_the_plumbing_and_its_service_only(service):
    sources = {copy[0] for copy in dockerfile_instructions(service, "COPY")}

    assert sources == {"common", f"{service}/requirements.txt", f"{service}/"}


@pytest.mark.parametrize("service", SERVICES)
def test_each_image_installs_the_runtime_requirements_only(service):
    installs = [words for words in dockerfile_instructions(service, "RUN") if words[:2] == ["pip", "install"]]

    assert installs == [["pip", "install", "/opt/microshop-common", "-r", "requirements.txt"]]
    assert "microshop-testing" not in (SERVICES_DIR / service / "requirements.txt").read_text()


def test_an_image_is_built_only_for_a_service_it_is_told_of():
    assert dockerfile.arguments() == {"SERVICE": None, "PORT": None}


@pytest.mark.parametrize("service", SERVICES)
def test_each_image_runs_its_processes_as_a_user_other_than_root(service):
    *_, user = dockerfile_instructions(service, "USER")

    assert user not in (["root"], ["0"])
    assert ["useradd", "--create-home", "--uid", "1000", *user] in dockerfile_instructions(service, "RUN")


def test_the_test_plumbing_is_outside_every_images_build_context():
    assert "testing/" in (SERVICES_DIR / ".dockerignore").read_text().splitlines()
