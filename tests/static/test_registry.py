"""The registry of the services is the one list of them, and what cannot read it agrees with it.

``microshop_common/registry.toml`` names every service, its port, whom it calls and which
events it publishes and consumes. The launcher, the settings, the keys and the end-to-end
system read it. These tests hold the rest to it without starting anything: the service
folders, the Makefile, the lint configuration, the events each service's code declares
and handles. (The CI workflow and the compose files are held to it by their own tests.)
"""

import ast
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from microshop_common.registry import Service, services

REPO_DIR = Path(__file__).resolve().parents[2]
SERVICES_DIR = REPO_DIR / "services"
REGISTERED = services()


def registry_sync():
    """``services/registry_sync.py``, a script, loaded as a module."""
    spec = importlib.util.spec_from_file_location("registry_sync", SERVICES_DIR / "registry_sync.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def event_types_declared(module: Path) -> set[str]:
    """The ``event_type = "..."`` of every class in ``module``."""
    return {
        statement.value.value
        for node in ast.walk(ast.parse(module.read_text()))
        if isinstance(node, ast.ClassDef)
        for statement in node.body
        if isinstance(statement, ast.Assign)
        and [target.id for target in statement.targets if isinstance(target, ast.Name)] == ["event_type"]
        and isinstance(statement.value, ast.Constant)
    }


def event_types_handled(bootstrap: Path) -> set[str]:
    """The keys of the dict that ``event_handlers()`` in ``bootstrap`` returns."""
    function = next(
        node
        for node in ast.walk(ast.parse(bootstrap.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name == "event_handlers"
    )
    returned = next(node.value for node in ast.walk(function) if isinstance(node, ast.Return))
    assert isinstance(returned, ast.Dict), f"{bootstrap}: event_handlers() should return a dict literal"
    return {key.value for key in returned.keys if isinstance(key, ast.Constant)}


def test_every_service_folder_is_registered_and_every_registered_service_has_its_folder():
    folders = {path.parent.name for path in SERVICES_DIR.glob("*/manage.py")}

    assert folders == set(REGISTERED)


@pytest.mark.parametrize("name", REGISTERED)
def test_each_service_declares_the_events_the_registry_says_it_publishes(name):
    published = SERVICES_DIR / name / name / "events" / "published.py"

    declared = event_types_declared(published) if published.exists() else set()

    assert declared == set(REGISTERED[name].publishes)


@pytest.mark.parametrize("name", REGISTERED)
def test_each_service_handles_the_events_the_registry_binds_its_queue_to(name):
    bootstrap = SERVICES_DIR / name / name / "bootstrap.py"

    handled = event_types_handled(bootstrap) if bootstrap.exists() else set()

    assert handled == set(REGISTERED[name].consumes)


def test_the_makefile_takes_its_services_from_the_registry():
    result = subprocess.run(["make", "-s", "services"], cwd=REPO_DIR, capture_output=True, text=True, check=True)

    assert result.stdout.split() == list(REGISTERED)


def test_ruff_sorts_every_service_package_as_first_party():
    isort = tomllib.loads((REPO_DIR / ".ruff.toml").read_text())["lint"]["isort"]

    assert set(REGISTERED) <= set(isort["known-first-party"])


def test_the_files_that_cannot_read_the_registry_are_in_line_with_it():
    result = subprocess.run(
        [sys.executable, "services/registry_sync.py", "--check"], cwd=REPO_DIR, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout


def test_a_new_service_gets_its_image_setup_api_worker_relay_and_own_commands_in_compose_once():
    sync = registry_sync()
    registered = {
        **REGISTERED,
        "wishlists": Service(
            "wishlists",
            8019,
            calls=("users",),
            fakes=(("gift_card_issuer", 8109),),
            commands=(("pruner", "prune_wishlists --older-than 30"),),
        ),
    }

    once = sync.compose_file(sync.COMPOSE_FILE.read_text(), registered)
    twice = sync.compose_file(once, registered)

    compose = yaml.safe_load(once)
    assert {
        *("wishlists-setup", "wishlists", "wishlists-worker", "wishlists-relay", "wishlists-pruner"),
        "gift-card-issuer",
    } <= set(compose["services"])
    assert compose["x-wishlists"]["environment"]["USERS_URL"] == "http://users:8000"
    assert compose["x-wishlists"]["environment"]["GIFT_CARD_ISSUER_URL"] == "http://gift-card-issuer:8109"
    assert compose["services"]["gift-card-issuer"]["command"][3] == "fake_gift_card_issuer"
    assert compose["services"]["wishlists-pruner"]["command"] == [
        *("python", "manage.py", "prune_wishlists", "--older-than", "30")
    ]
    assert compose["services"]["wishlists-pruner"]["depends_on"] == compose["x-after-setup"]
    assert "wishlists-setup" in compose["x-after-setup"]
    assert twice == once
