"""Every exercise in docs/exercises/ is whole: a break, the test that catches it, a story with a hint
and a solution; every layer has two; the layer guides and the README lead to them.

Whether each break is still caught is `make exercises-check`'s work, which runs the tests;
these checks only read files.
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "tests"))

import exercises  # noqa: E402
from exercises import EXERCISES_DIR, Exercise, find, list_exercises, load_exercises, node_id, not_caught  # noqa: E402
from run_layers import LAYERS  # noqa: E402

EXERCISES = load_exercises()
SECURITY_SUITE = REPO_DIR / "services/testing/src/microshop_testing/security_suite.py"
SECTIONS = (
    "## The story",
    "## The break",
    "## What catches it, and why the layers below cannot",
    "## Hint",
    "## Solution",
)


def test_there_are_at_least_fifteen_exercises_numbered_one_after_another():
    numbers = [int(exercise.number) for exercise in EXERCISES]

    assert len(EXERCISES) >= 15
    assert numbers == list(range(1, len(EXERCISES) + 1))


def test_every_layer_has_at_least_two_exercises():
    per_layer = {layer: [exercise.number for exercise in EXERCISES if exercise.layer == layer] for layer in LAYERS}

    assert {layer: numbers for layer, numbers in per_layer.items() if len(numbers) < 2} == {}


def test_every_folder_in_docs_exercises_is_an_exercise():
    folders = {path.name for path in EXERCISES_DIR.iterdir() if path.is_dir()}

    assert folders == {exercise.name for exercise in EXERCISES}


def defines(exercise: Exercise, test: str) -> bool:
    """Whether ``test``, a node id from the exercise's suite folder, names a test function that exists."""
    test_file = exercise.cwd(REPO_DIR) / test.split("::")[0]
    # The security tests every service runs are written once, and collected from its tables.py.
    defined_in = SECURITY_SUITE if test_file.name == "tables.py" else test_file
    return defined_in.is_file() and f"def {test.split('::')[-1].split('[')[0]}(" in defined_in.read_text()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.name)
def test_an_exercise_names_a_layer_a_suite_and_tests_that_exist(exercise):
    assert exercise.layer in LAYERS
    assert (exercise.suite == "system") == (exercise.layer in ("e2e", "resilience"))
    assert exercise.cwd(REPO_DIR).is_dir()
    assert [test for test in (exercise.test, *exercise.also) if not defines(exercise, test)] == []
    assert exercise.test not in exercise.also
    assert exercise.fails_with.strip()
    assert set(exercise.needs) <= {"postgresql"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.name)
def test_an_exercise_s_break_is_a_patch_of_code_in_this_repository(exercise):
    patch = exercise.patch.read_text()
    changed = re.findall(r"^\+\+\+ b/(\S+)$", patch, re.M)

    assert changed, "break.patch changes no file"
    assert all((REPO_DIR / path).is_file() for path in changed)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.name)
def test_an_exercise_s_break_still_applies_to_the_code_as_it_is(exercise):
    # make exercises-check says so too, but only after minutes of tests; this takes milliseconds.
    applying = subprocess.run(
        ["git", "apply", "--check", str(exercise.patch)], cwd=REPO_DIR, capture_output=True, text=True
    )

    assert applying.returncode == 0, f"update {exercise.patch.relative_to(REPO_DIR)}: {applying.stderr}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.name)
def test_an_exercise_s_readme_tells_the_story_names_its_test_and_hides_the_hint_and_solution(exercise):
    readme = (exercise.folder / "README.md").read_text()
    caught_by = exercise.test if exercise.suite == "system" else f"services/{exercise.suite}/{exercise.test}"

    assert readme.startswith(f"# {exercise.number} · {exercise.title}\n")
    assert [section for section in SECTIONS if section not in readme] == []
    assert f"`{caught_by}`" in readme
    assert f"make exercise N={int(exercise.number)}" in readme
    assert readme.count("<details>") >= 2


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_s_guide_links_every_exercise_of_its_layer(layer):
    guide = (REPO_DIR / "docs" / "layers" / f"{layer}.md").read_text()

    linked = set(re.findall(r"\.\./exercises/([^/)]+)/", guide))

    assert linked == {exercise.name for exercise in EXERCISES if exercise.layer == layer}


def test_the_index_of_the_exercises_links_every_exercise():
    index = (EXERCISES_DIR / "README.md").read_text()

    linked = set(re.findall(r"\]\(([^/)]+)/README\.md\)", index))

    assert linked == {exercise.name for exercise in EXERCISES}


def test_the_readme_s_pyramid_table_links_every_layer_s_guide():
    readme = (REPO_DIR / "README.md").read_text()

    assert [layer for layer in LAYERS if f"(docs/layers/{layer}.md)" not in readme] == []


def test_the_list_says_which_exercises_need_postgresql(capsys):
    list_exercises(EXERCISES)

    listed = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line[:2].isdigit()}
    assert {number for number, line in listed.items() if line.endswith("(needs PostgreSQL)")} == {
        exercise.number for exercise in EXERCISES if "postgresql" in exercise.needs
    }
    assert len(listed) == len(EXERCISES)


def test_an_exercise_is_found_by_its_number_with_or_without_a_leading_zero_or_by_its_folder():
    exercise = EXERCISES[0]
    number = int(exercise.number)

    assert find(EXERCISES, str(number)) == find(EXERCISES, f"{number:02}") == find(EXERCISES, exercise.name) == exercise


def test_a_junit_test_case_becomes_the_node_id_pytest_would_name():
    cases = {
        '<testcase classname="tests.unit.test_rules" name="test_x[a-b]"/>': "tests/unit/test_rules.py::test_x[a-b]",
        '<testcase classname="tests.e2e.test_j.TestFlow" name="test_y"/>': "tests/e2e/test_j.py::TestFlow::test_y",
        '<testcase classname="tests.security.tables" name="test_z"/>': "tests/security/tables.py::test_z",
    }

    assert {case: node_id(ET.fromstring(case)) for case in cases} == cases


def junit_report(tmp_path: Path, exercise: Exercise, message: str) -> Path:
    """A JUnit report in which the exercise's test failed with ``message``."""
    module, name = exercise.test.split("::", 1)
    classname = module.removesuffix(".py").replace("/", ".")
    report = tmp_path / "report.xml"
    case = f'<testcase classname="{classname}" name="{name}"><failure message="{message}"/></testcase>'
    report.write_text(f"<testsuite>{case}</testsuite>")
    return report


def test_a_test_that_failed_for_another_reason_says_what_it_failed_with(tmp_path):
    exercise = EXERCISES[0]

    problem = not_caught(exercise, junit_report(tmp_path, exercise, "ConnectionError: the system did not start"))

    assert problem is not None
    assert exercise.fails_with in problem
    assert problem.endswith("ConnectionError: the system did not start")
    assert not_caught(exercise, junit_report(tmp_path, exercise, f"AssertionError: {exercise.fails_with}")) is None


@pytest.mark.parametrize(
    ("first_run", "runs"),
    [("did not fail with the break", 1), (exercises.FAILED_FOR_ANOTHER_REASON, 2), (None, 1)],
)
def test_only_a_test_that_failed_for_another_reason_is_checked_once_more(monkeypatch, first_run, runs):
    outcomes = [first_run, None]
    calls = []

    def caught_once(exercise):
        calls.append(exercise)
        return outcomes[len(calls) - 1]

    monkeypatch.setattr(exercises, "caught_once", caught_once)

    problem = exercises.caught(EXERCISES[0])

    assert len(calls) == runs
    assert problem == outcomes[runs - 1]
