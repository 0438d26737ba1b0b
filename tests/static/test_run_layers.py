"""The layer runner's own choices (tests/run_layers.py)."""

import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "tests"))

from run_layers import CPUS, Coverage, Suite, longest_first, suites_at_once  # noqa: E402


def a_suite(name: str) -> Suite:
    return Suite(name, REPO_DIR / "services" / name / "tests" / "unit", REPO_DIR / "services" / name)


def test_the_suites_whose_last_run_took_longest_start_first_and_new_ones_keep_their_place(tmp_path):
    (tmp_path / "orders.xml").write_text('<testsuites><testsuite name="pytest" tests="3" time="2.5"/></testsuites>')
    (tmp_path / "common.xml").write_text('<testsuites><testsuite name="pytest" tests="9" time="7.8"/></testsuites>')
    (tmp_path / "users.xml").write_text("<testsuites><testsuite")
    suites = [a_suite(name) for name in ("inventory", "orders", "users", "common", "payments")]

    ordered = longest_first(suites, tmp_path)

    assert [suite.name for suite in ordered] == ["common", "orders", "inventory", "users", "payments"]


def test_a_layer_runs_one_suite_more_than_there_are_cpus_unless_told_otherwise():
    assert suites_at_once(None) == CPUS + 1
    assert suites_at_once(1) == 1
    assert suites_at_once(0) == 1


def test_coverage_measures_every_suite_but_those_of_the_test_helpers(tmp_path):
    coverage = Coverage(tmp_path, enabled=True)

    assert coverage.run_prefix(a_suite("orders"))[:3] == ["-m", "coverage", "run"]
    assert coverage.run_prefix(a_suite("testing")) == []
    assert Coverage(tmp_path, enabled=False).run_prefix(a_suite("orders")) == []
