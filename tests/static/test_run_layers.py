"""The layer runner's own choices (tests/run_layers.py)."""

import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "tests"))

from run_layers import CPUS, Coverage, Suite, longest_first, suites_at_once  # noqa: E402


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


def test_a_layer_runs_one_suite_more_than_there_are_cpus_unless_told_otherwise():
    assert suites_at_once(None) == CPUS + 1
    assert suites_at_once(1) == 1
    assert suites_at_once(0) == 1


def test_coverage_measures_every_suite_but_those_of_the_test_helpers(tmp_path):
    coverage = Coverage(tmp_path, enabled=True)

    assert coverage.run_prefix(a_suite("orders"))[:3] == ["-m", "coverage", "run"]
    assert coverage.run_prefix(a_suite("testing")) == []
    assert Coverage(tmp_path, enabled=False).run_prefix(a_suite("orders")) == []
