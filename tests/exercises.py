"""Learn a test layer by breaking the code it guards: the exercises in docs/exercises/.

  python tests/exercises.py list            every exercise, its layer and its story
  python tests/exercises.py run 3           break the code as exercise 3 says, in a scratch
                                            copy, and watch its layer catch it
  python tests/exercises.py check           verify every exercise (CI runs this)

Each exercise is a folder, docs/exercises/<NN>-<slug>/, holding:
  README.md      the story, the layer and test that catch it, why the layers below cannot,
                 a hint and a solution;
  break.patch    the break, as a patch against the current code (`git diff` output);
  exercise.toml  the layer, the suite (a service, or "system" for e2e and resilience),
                 the test that must catch the break (a pytest node id, from the suite's
                 folder), a text its failure must show (the test fails for the reason the
                 exercise teaches, not because the patch broke an import), and `also`: the
                 other tests of the layer the break fails, or may fail.

`run` never touches your working tree. It copies the repository's files (committed and not,
as `git ls-files` sees them) to a scratch folder, applies the break there, runs the
suite's whole layer (or only the named test with --only-test), says which tests failed
(the named test must, and no test the exercise does not name may), and removes the copy
(--keep leaves it, to read or to fix).

`check` proves that every exercise still teaches what it says:
  1. each break still applies to the code;
  2. without it, each named test passes (in one scratch copy, one pytest per suite);
  3. with it, each named test fails, showing the exercise's text.
Change the code an exercise patches and `check` fails until the patch is made again:
break the code in a scratch copy the way the README says, and `git diff > break.patch`.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from run_layers import LAYERS, Suite, on_postgresql, plugin_options, suites_for

from microshop_testing.scratch import copy_repository, environment, remove_copy

REPO_DIR = Path(__file__).resolve().parents[1]
EXERCISES_DIR = REPO_DIR / "docs" / "exercises"
CPUS = os.cpu_count() or 1
FAILED_FOR_ANOTHER_REASON = "failed without showing"


@dataclass(frozen=True)
class Exercise:
    number: str
    folder: Path
    title: str
    layer: str
    suite: str
    test: str
    fails_with: str
    # Other tests of the layer that the break fails too, or may fail (a race it makes likely).
    also: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def patch(self) -> Path:
        return self.folder / "break.patch"

    def cwd(self, root: Path) -> Path:
        """The folder the suite's pytest runs in, inside the copy at ``root``."""
        return root if self.suite == "system" else root / "services" / self.suite

    def layer_suite(self) -> Suite:
        """The runner's suite (tests/run_layers.py) that holds the named test: the folder, and the
        options, of the service's whole layer."""
        test_file = self.cwd(REPO_DIR) / self.test.split("::")[0]
        holding = [suite for suite in suites_for(self.layer, [self.suite]) if test_file.is_relative_to(suite.folder)]
        # A contract test of a consumer is in both of that layer's folders; its suite is the nearer.
        return max(holding, key=lambda suite: len(suite.folder.parts))

    def missing(self) -> str | None:
        """Why this machine cannot run the exercise, or None."""
        if "postgresql" in self.needs and not on_postgresql():
            return "needs PostgreSQL and RabbitMQ (set DATABASE_URL and CELERY_BROKER_URL)"
        return None


def load_exercises() -> list[Exercise]:
    exercises = []
    for folder in sorted(path for path in EXERCISES_DIR.iterdir() if (path / "exercise.toml").is_file()):
        spec = tomllib.loads((folder / "exercise.toml").read_text())
        exercises.append(
            Exercise(
                number=folder.name.split("-", 1)[0],
                folder=folder,
                title=spec["title"],
                layer=spec["layer"],
                suite=spec["suite"],
                test=spec["test"],
                fails_with=spec["fails_with"],
                also=tuple(spec.get("also", ())),
                needs=tuple(spec.get("needs", ())),
            )
        )
    return exercises


def find(exercises: list[Exercise], asked: str) -> Exercise:
    """The exercise asked for by number (``3``, ``03``) or by folder name."""
    for exercise in exercises:
        if asked in (exercise.name, exercise.number) or (asked.isdigit() and int(asked) == int(exercise.number)):
            return exercise
    raise SystemExit(f"no exercise {asked!r}; `make exercises` lists them")


def scratch_copy() -> Path:
    return copy_repository(REPO_DIR, Path(tempfile.mkdtemp(prefix="microshop-exercise-")))


def apply_break(exercise: Exercise, root: Path, *, check_only: bool = False) -> subprocess.CompletedProcess[str]:
    """``git apply`` the exercise's patch in ``root`` (only ``--check`` it with ``check_only``), with its ``--stat``."""
    mode = ["--check"] if check_only else ["--stat", "--apply"]
    return subprocess.run(["git", "apply", *mode, str(exercise.patch)], cwd=root, capture_output=True, text=True)


def pytest_command(layer: str, targets: list[str], report: Path) -> list[str]:
    """pytest on ``targets``, from the suite's folder; ``--rootdir=.`` makes the report name each
    test by its path from there, as the exercise does (the e2e and resilience layers' own
    pytest.ini would otherwise make it their folder)."""
    return [
        *(sys.executable, "-m", "pytest", *targets, "-q", "--rootdir=.", f"--junitxml={report}"),
        *plugin_options(layer),
    ]


def failures(report: Path) -> dict[str, str]:
    """{node id: failure text} of every test that failed or errored in a JUnit XML report."""
    failed = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            failed[node_id(case)] = f"{problem.get('message', '')}\n{problem.text or ''}"
    return failed


def passed(report: Path) -> set[str]:
    return {
        node_id(case)
        for case in ET.parse(report).getroot().iter("testcase")
        if not any(case.find(tag) is not None for tag in ("failure", "error", "skipped"))
    }


def node_id(case: ET.Element) -> str:
    """A JUnit test case's pytest node id: classname ``tests.unit.test_x.TestY`` and name ``test_z``.

    The module is the classname up to its first part that is a class (a capitalised name),
    which holds for modules not named ``test_*`` too, such as a security layer's ``tables.py``.
    """
    parts = case.get("classname", "").split(".")
    cut = next((index for index, part in enumerate(parts) if part[:1].isupper()), len(parts))
    return "::".join(["/".join(parts[:cut]) + ".py", *parts[cut:], case.get("name", "")])


def run(exercise: Exercise, *, only_test: bool, keep: bool) -> int:
    print(f"exercise {exercise.number}: {exercise.title}")
    print(f"layer: {exercise.layer}; suite: {exercise.suite}; the test that should catch it: {exercise.test}")
    if reason := exercise.missing():
        print(f"this exercise {reason}")
        return 1
    root = scratch_copy()
    try:
        applied = apply_break(exercise, root)
        if applied.returncode:
            print(f"the break no longer applies to this code:\n{applied.stderr}")
            return 1
        print(f"the break, applied in a scratch copy ({root}); your working tree is untouched:\n{applied.stdout}")
        suite = exercise.layer_suite()
        targets = [exercise.test] if only_test else [str(suite.folder.relative_to(suite.cwd)), *suite.pytest_args]
        report = root / "exercise-report.xml"
        command = pytest_command(exercise.layer, targets, report)
        print(f"$ cd {exercise.cwd(root).relative_to(root)} && pytest {' '.join(targets)}", flush=True)
        subprocess.run(command, cwd=exercise.cwd(root), env=environment(root))
        return verdict(exercise, report, whole_layer=not only_test)
    finally:
        if keep:
            print(f"the scratch copy, with the break, is kept in {root} (its test runs' files in {root}.tmp)")
        else:
            remove_copy(root)


def verdict(exercise: Exercise, report: Path, *, whole_layer: bool) -> int:
    """Say which tests caught the break; 0 when the named one did, for the reason the exercise
    gives, and, in a run of the whole layer, no test the exercise does not name failed."""
    failed = failures(report) if report.exists() else {}
    print(f"\n{len(failed)} test(s) failed with the break:")
    for test in failed:
        print(f"  {test}")
    if problem := not_caught(exercise, report):
        print(problem)
        return 1
    if whole_layer and (unnamed := sorted(set(failed) - {exercise.test, *exercise.also})):
        print(f"caught by {exercise.test}, but also by tests the exercise does not name: {', '.join(unnamed)}")
        return 1
    print(f"caught by {exercise.test}, as the exercise says.")
    print(f"Why the layers below miss it, a hint and the solution: {exercise.folder.relative_to(REPO_DIR)}/README.md")
    return 0


def not_caught(exercise: Exercise, report: Path) -> str | None:
    """Why the run that wrote ``report`` does not show the exercise's test catching its break, or None."""
    if not report.exists():
        return f"[{exercise.number}] pytest wrote no report: {exercise.test} did not run"
    failed = failures(report)
    if exercise.test not in failed:
        return f"[{exercise.number}] {exercise.test} did not fail with the break"
    if exercise.fails_with not in failed[exercise.test]:
        first_line = failed[exercise.test].strip().splitlines()[0] if failed[exercise.test].strip() else "no message"
        return f"[{exercise.number}] {exercise.test} {FAILED_FOR_ANOTHER_REASON} {exercise.fails_with!r}: {first_line}"
    return None


def run_quietly(layer: str, tests: list[str], *, copy: Path, cwd: Path, report: Path) -> str:
    """Run pytest on ``tests`` of the copy, from ``cwd``; its output."""
    command = pytest_command(layer, tests, report)
    return subprocess.run(command, cwd=cwd, env=environment(copy), capture_output=True, text=True).stdout


def check(exercises: list[Exercise], jobs: int, *, baseline_too: bool = True) -> int:
    runnable = [exercise for exercise in exercises if not exercise.missing()]
    for exercise in exercises:
        if reason := exercise.missing():
            print(f"[{exercise.number}] not checked here: it {reason}")
    print(f"checking {len(runnable)} exercise(s), {jobs} at a time", flush=True)
    started = time.monotonic()
    problems = [problem for exercise in runnable if (problem := break_applies(exercise))]
    if not problems and baseline_too:
        problems += baseline(runnable, jobs)
    if not problems:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            problems += [problem for problem in pool.map(caught, longest_first(runnable)) if problem]
    print(f"\n{len(runnable)} exercise(s) checked in {time.monotonic() - started:.0f}s: ", end="")
    if problems:
        print(f"{len(problems)} problem(s)")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("every break applies, and its test passes without it and fails with it")
    return 0


def longest_first(exercises: list[Exercise]) -> list[Exercise]:
    """The exercises of the layers that take longest first (a whole system starts for each of
    the top two), so that the quick ones fill the time the long ones spend waiting."""
    return sorted(exercises, key=lambda exercise: -LAYERS.index(exercise.layer))


def break_applies(exercise: Exercise) -> str | None:
    applied = apply_break(exercise, REPO_DIR, check_only=True)
    if applied.returncode:
        return f"[{exercise.number}] its break.patch no longer applies: {applied.stderr.strip()}"
    return None


def baseline(exercises: list[Exercise], jobs: int) -> list[str]:
    """Run the named tests on a clean copy, one pytest per suite and layer; the problems found."""
    groups: dict[tuple[str, str], list[Exercise]] = {}
    for exercise in exercises:
        groups.setdefault((exercise.suite, exercise.layer), []).append(exercise)
    root = scratch_copy()

    def run_group(key: tuple[str, str]) -> list[str]:
        suite, layer = key
        members = groups[key]
        report = root / f"baseline-{suite}-{layer}.xml"
        started = time.monotonic()
        tests = sorted({exercise.test for exercise in members})
        output = run_quietly(layer, tests, copy=root, cwd=members[0].cwd(root), report=report)
        green = passed(report) if report.exists() else set()
        problems = [
            f"[{exercise.number}] {exercise.test} does not pass without the break"
            for exercise in members
            if exercise.test not in green
        ]
        seconds = time.monotonic() - started
        outcome = "ok" if not problems else "FAILED"
        line = f"without the breaks: {layer} · {suite}: {len(members)} test(s), {seconds:.0f}s, {outcome}"
        say(line, output, problems)
        return problems

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return [problem for found in pool.map(run_group, list(groups)) for problem in found]
    finally:
        remove_copy(root)


def say(line: str, output: str, problems: object) -> None:
    """A line of the check's progress, and the end of pytest's output when it found ``problems``."""
    print(line, flush=True)
    if problems:
        print(output[-4000:], flush=True)


def caught(exercise: Exercise) -> str | None:
    """Apply the break in a copy of its own and run the named test; the problem, or None when it failed as it should.

    A test that failed for a reason other than the exercise's says nothing about the break (four
    whole systems at once on two cores can be slow to answer), so it runs once more; the first
    run's output stays in the log. A test that passed with the break is not run again.
    """
    problem = caught_once(exercise)
    if problem and FAILED_FOR_ANOTHER_REASON in problem:
        print(f"[{exercise.number}] failed for another reason than the exercise's; checking it once more", flush=True)
        problem = caught_once(exercise)
    return problem


def caught_once(exercise: Exercise) -> str | None:
    root = scratch_copy()
    started = time.monotonic()
    try:
        applied = apply_break(exercise, root)
        if applied.returncode:
            return f"[{exercise.number}] its break.patch no longer applies: {applied.stderr.strip()}"
        report = root / "exercise-report.xml"
        output = run_quietly(exercise.layer, [exercise.test], copy=root, cwd=exercise.cwd(root), report=report)
        problem = not_caught(exercise, report)
        status = "caught" if problem is None else "NOT CAUGHT"
        seconds = time.monotonic() - started
        say(f"[{exercise.number}] {status}: {exercise.layer} · {exercise.test} ({seconds:.0f}s)", output, problem)
        if problem:
            keep_logs(exercise, root)
        return problem
    finally:
        remove_copy(root)


def keep_logs(exercise: Exercise, root: Path) -> None:
    """Keep the logs the run wrote in the copy (a whole system's, for e2e and resilience) where CI collects reports."""
    logs = sorted((root / "reports").glob("*-logs"))
    for folder in logs:
        shutil.copytree(folder, REPO_DIR / "reports" / "exercises" / exercise.number / folder.name, dirs_exist_ok=True)
    if logs:
        print(f"[{exercise.number}] its processes' logs: reports/exercises/{exercise.number}/", flush=True)


def list_exercises(exercises: list[Exercise]) -> int:
    print(f"{'#':<4}{'layer':<13}{'suite':<15}story")
    for exercise in sorted(exercises, key=lambda exercise: (LAYERS.index(exercise.layer), exercise.number)):
        needs = " (needs PostgreSQL)" if "postgresql" in exercise.needs else ""
        print(f"{exercise.number:<4}{exercise.layer:<13}{exercise.suite:<15}{exercise.title}{needs}")
    print("\nmake exercise N=<#> breaks the code in a scratch copy and runs the layer that should catch it;")
    print(f"each exercise's story, hint and solution: {EXERCISES_DIR.relative_to(REPO_DIR)}/<#>-*/README.md")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="every exercise, its layer and its story")
    running = commands.add_parser("run", help="break the code as an exercise says, in a scratch copy; run its layer")
    running.add_argument("exercise", help="its number (3 or 03) or its folder's name")
    running.add_argument("--only-test", action="store_true", help="run only the test the exercise names")
    running.add_argument("--keep", action="store_true", help="keep the scratch copy, with the break, and say where")
    checking = commands.add_parser("check", help="verify every exercise: the break applies, its test catches it")
    checking.add_argument("exercises", nargs="*", help="only these (numbers or folder names)")
    checking.add_argument("--jobs", type=int, default=CPUS, help=f"exercises checked at once (default: {CPUS})")
    checking.add_argument(
        "--skip-baseline",
        action="store_true",
        help="do not run the named tests without the breaks (step 2): for a run right after the whole pyramid passed",
    )
    args = parser.parse_args(argv)

    exercises = load_exercises()
    if args.command == "list":
        return list_exercises(exercises)
    if args.command == "run":
        return run(find(exercises, args.exercise), only_test=args.only_test, keep=args.keep)
    chosen = [find(exercises, asked) for asked in args.exercises] or exercises
    return check(chosen, max(args.jobs, 1), baseline_too=not args.skip_baseline)


if __name__ == "__main__":
    sys.exit(main())
