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
    FUZZING_PLUGINS,
    UNUSED_PLUGINS,
    Coverage,
    Suite,
    describe_jobs,
    longest_first,
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


def plugins_turned_off(options: str) -> set[str]:
    return set(re.findall(r"-p no:(\w+)", options))


@pytest.mark.parametrize("ini", ["tests/static/pytest.ini", "tests/generator/pytest.ini"])
def test_a_suite_the_runner_does_not_run_leaves_out_the_plugins_it_leaves_out(ini):
    # An ini file cannot import the runner's list, so it is written again there: this keeps them equal.
    parser = configparser.ConfigParser()
    parser.read(REPO_DIR / ini)

    assert plugins_turned_off(parser["pytest"]["addopts"]) >= {*UNUSED_PLUGINS, *FUZZING_PLUGINS}


def test_the_pytest_runs_of_the_helpers_own_tests_leave_out_the_plugins_the_runner_leaves_out():
    conftest = (REPO_DIR / "services/testing/tests/conftest.py").read_text()

    assert plugins_turned_off(conftest) == {*UNUSED_PLUGINS, *FUZZING_PLUGINS}


def test_the_run_says_how_many_suites_of_a_layer_run_at_once_and_where_that_differs():
    assert describe_jobs({"unit": 4, "security": 3, "e2e": 4}) == "4 suite(s) of a layer at a time (security 3)"
    assert describe_jobs({"unit": 1, "security": 1}) == "1 suite(s) of a layer at a time"
