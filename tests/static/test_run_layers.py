"""The layer runner's own choices (tests/run_layers.py)."""

import configparser
import re
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "tests"))

from run_layers import (  # noqa: E402
    CPUS,
    Coverage,
    Suite,
    describe_jobs,
    longest_first,
    main,
    plugin_options,
    suites_at_once,
)


def a_suite(name: str) -> Suite:
    return Suite(name, REPO_DIR / "services" / name / "tests" / "unit", REPO_DIR / "services" / name)


def a_suite_of_code(root: Path, name: str, size: int) -> Suite:
    folder = root / name / "tests" / "unit"
    folder.mkdir(parents=True)
    (folder / "test_it.py").write_text("#" * size)
    return Suite(name, folder, root / name)


def test_the_suites_whose_last_run_took_longest_start_first_then_those_with_the_most_test_code(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "orders.xml").write_text('<testsuites><testsuite name="pytest" tests="3" time="2.5"/></testsuites>')
    (reports / "common.xml").write_text('<testsuites><testsuite name="pytest" tests="9" time="7.8"/></testsuites>')
    (reports / "users.xml").write_text("<testsuites><testsuite")
    sizes = {"inventory": 100, "orders": 50, "users": 2000, "common": 10, "payments": 3000}
    suites = [a_suite_of_code(tmp_path, name, size) for name, size in sizes.items()]

    ordered = longest_first(suites, reports)

    assert [suite.name for suite in ordered] == ["common", "orders", "payments", "users", "inventory"]


def test_a_layer_runs_two_suites_more_than_there_are_cpus_and_the_security_layer_one_unless_told_otherwise():
    assert suites_at_once(None, "integration") == CPUS + 2
    assert suites_at_once(None, "security") == CPUS + 1
    assert suites_at_once(1, "security") == 1
    assert suites_at_once(0, "unit") == 1


def test_coverage_measures_every_suite_but_those_of_the_test_helpers(tmp_path):
    coverage = Coverage(tmp_path, enabled=True)

    assert coverage.run_prefix(a_suite("orders"))[:3] == ["-m", "coverage", "run"]
    assert coverage.run_prefix(a_suite("testing")) == []
    assert Coverage(tmp_path, enabled=False).run_prefix(a_suite("orders")) == []


def test_coverage_is_reported_only_when_a_measured_process_wrote_data(tmp_path):
    coverage = Coverage(tmp_path / "coverage", enabled=True)
    coverage.start()
    # services/testing's suites alone: nothing to combine.
    assert not coverage.collected()

    (tmp_path / "coverage" / ".coverage.host.4242.XyZ").write_bytes(b"")

    assert coverage.collected()
    assert not Coverage(tmp_path / "coverage", enabled=False).collected()


def plugins_named(options: list[str]) -> list[str]:
    return [options[at + 1] for at, option in enumerate(options) if option == "-p"]


def test_each_layer_loads_the_plugins_its_suites_use_and_no_other_installed_one():
    every_suite = ["pytest_django.plugin", "pytest_socket", "microshop_testing.pytest_plugin"]

    assert plugin_options("unit")[0] == "--disable-plugin-autoload"
    assert plugins_named(plugin_options("unit")) == every_suite
    assert plugins_named(plugin_options("contract")) == [*every_suite, "pact.testing.pytest"]
    assert plugins_named(plugin_options("security")) == [
        *every_suite,
        "schemathesis.pytest.plugin",
        "_hypothesis_pytestplugin",
    ]
    # The system's layers name theirs in their pytest.ini.
    assert plugin_options("e2e") == ["--disable-plugin-autoload"]


def test_a_plugin_that_is_not_installed_stops_the_run_and_says_what_to_do(monkeypatch):
    monkeypatch.setattr("run_layers.SUITE_PLUGINS", ("django", "no-such-plugin"))

    with pytest.raises(SystemExit, match="not installed: no-such-plugin; run `make install`"):
        plugin_options("unit")


def test_a_missing_plugin_stops_the_run_before_any_suite_of_any_layer_runs(monkeypatch):
    monkeypatch.setattr("run_layers.SUITE_PLUGINS", ("django", "no-such-plugin"))
    monkeypatch.setattr("run_layers.run_layer", lambda *args, **kwargs: pytest.fail("a layer ran"))
    monkeypatch.setattr("run_layers.Coverage.start", lambda self: pytest.fail("the coverage data was cleared"))

    with pytest.raises(SystemExit, match="not installed: no-such-plugin"):
        main(["e2e", "unit"])


@pytest.mark.parametrize(
    "ini",
    ["tests/static/pytest.ini", "tests/generator/pytest.ini", "tests/e2e/pytest.ini", "tests/resilience/pytest.ini"],
)
def test_a_suite_outside_the_services_loads_no_installed_plugin_it_does_not_name(ini):
    parser = configparser.ConfigParser()
    parser.read(REPO_DIR / ini)

    assert "--disable-plugin-autoload" in parser["pytest"]["addopts"].split()


def test_the_pytest_runs_of_the_helpers_own_tests_load_no_installed_plugin_they_do_not_name():
    conftest = (REPO_DIR / "services/testing/tests/conftest.py").read_text()

    assert re.search(r'"PYTEST_ADDOPTS", "--disable-plugin-autoload -p [^"]+"', conftest)


def test_the_run_says_how_many_suites_of_a_layer_run_at_once_and_where_that_differs():
    assert describe_jobs({"unit": 4, "security": 3, "e2e": 4}) == "4 suite(s) of a layer at a time (security 3)"
    assert describe_jobs({"unit": 1, "security": 1}) == "1 suite(s) of a layer at a time"
