"""Run test layers of every service in pyramid order, and say what each one did.

  python tests/run_layers.py unit integration      two layers, every service
  python tests/run_layers.py unit --service orders one layer, one service
  python tests/run_layers.py security              the OWASP checks of every service

Each service's layer runs as its own pytest process, in the service's folder (each
service is its own Django project, with a test database, broker folder and events
exchange of its own), so the suites of one layer run side by side, as many at once as
--jobs says (default: two more than there are CPUs, since every suite spends part of its
time waiting on a database, a broker, a worker or a process it started; one more in the
security layer, whose suites fuzz on the CPU). A suite's output is shown as it ends,
under its name, and a line says when each one starts and ends. Suites that run side by
side start warm, forked from a process that has imported the libraries they all import
(tests/warm_start.py); a suite that runs alone (one suite, or --jobs 1) is a plain
`python -m pytest` on the terminal, where its output streams and a debugger can be used.
The e2e and resilience layers run once, for the whole system, from tests/e2e/ and
tests/resilience/, their output streaming as they run. Layers run one after another, in
pyramid order. At the end a table gives, per layer, how many tests ran, passed, failed
and were skipped, and how long the layer took. JUnit XML reports go to
reports/junit/<layer>/<service>.xml, and the pyramid of the run is drawn in
reports/pyramid.svg. Under the table a line per layer says how many of the tests whose
point needs PostgreSQL (marked needs_postgresql: row locks, concurrent transactions,
LISTEN/NOTIFY) ran, and on which database: on SQLite they prove less.

Coverage is measured in every process the tests run, including the gunicorn, Celery and
relay processes of the end-to-end layer (see .coveragerc), except in the suites of the
test helpers (services/testing), which the figures leave out, and in the system that
make run's end-to-end tests start, which runs the journeys' code again. At the end the
runner prints branch and line coverage per service and writes reports/coverage/ (HTML
and XML); with --fail-under it fails when any service's branch coverage is below it.

The database and broker come from the environment, as for the services themselves:
without DATABASE_URL and CELERY_BROKER_URL the tests use SQLite and the embedded broker;
set them to run on PostgreSQL and RabbitMQ.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from pyramid_svg import Band, pyramid_svg
from resilience.backends import HOW_TO_START, missing_backends
from warm_start import run_python

REPO_DIR = Path(__file__).resolve().parents[1]
SERVICES_DIR = REPO_DIR / "services"
COVERAGE_RC = REPO_DIR / ".coveragerc"
LAYERS = ("unit", "integration", "component", "contract", "security", "e2e", "resilience")
SYSTEM_LAYERS = {"e2e": REPO_DIR / "tests" / "e2e", "resilience": REPO_DIR / "tests" / "resilience"}
# Left to itself, pytest loads every plugin an installed package registers (a `pytest11`
# entry point), and rewrites the asserts of every module of such a package as it imports
# it. schemathesis's and hypothesis's plugins cost about 4 s of CPU per pytest process,
# and only the security layer's fuzzing uses them; Faker registers one, so factory-boy's
# Faker was rewritten in every suite that builds a model (orders' unit suite: 2.1 s of CPU
# with the rewritten modules cached, 2.7 s in a fresh clone; 1.9 and 2.1 s without). The
# runner turns autoloading off and names the plugins each layer uses, by entry point name.
SUITE_PLUGINS = ("django", "socket", "microshop")
PLUGINS_OF_LAYER = {"contract": ("pact",), "security": ("schemathesis", "hypothesispytest")}
# The suites of services/testing test the helpers every other suite uses, which .coveragerc
# leaves out of the figures (*/microshop_testing/*). Under coverage they paid its tracer for
# no figure of theirs: the unit suite took 7.5 s instead of 4.6 s.
UNMEASURED_SUITES = {"testing"}
# Layers that need something the environment may not have: why not, or None when it has it.
PRECONDITIONS = {"resilience": missing_backends}
NO_TESTS_COLLECTED = 5
CPUS = os.cpu_count() or 1
# Every suite waits part of its time: on the database, the broker, a Celery worker, or
# processes it starts and stops (a worker's warm shutdown takes seconds). Suites beyond the
# CPUs keep them busy meanwhile. On 2 cores, with coverage, two runs each of three suites at
# once against four: on PostgreSQL and RabbitMQ, integration 23.2/23.0 s against 19.3/21.2 s,
# contract 21.5/20.8 s against 18.6/18.7 s, unit 8.2/8.0 s against 7.6/7.5 s, component
# 27.9/27.9 s against 29.5/27.5 s; embedded, integration 18.5/18.6 s against 16.0/16.3 s,
# contract 18.9/18.4 s against 16.7/16.4 s. (Two at once, earlier: unit 14.1 s against 11.7 s
# for three, integration 35.4 s against 27.9 s.) The security layer's suites fuzz, on the
# CPU, and wait least: 40.2/42.9 s three at once, 44.0/55.4 s four at once.
EXTRA_JOBS = 2
EXTRA_JOBS_OF_LAYER = {"security": 1}
# The property microshop_testing.needs_postgresql writes on each test case it marks.
NEEDS_POSTGRESQL = "needs_postgresql"


@dataclass
class Outcome:
    tests: int = 0
    failed: int = 0
    skipped: int = 0
    # Tests marked needs_postgresql: how many ran, and how many were skipped.
    needing_postgresql_ran: int = 0
    needing_postgresql_skipped: int = 0
    seconds: float = 0.0
    suites: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    # Why the layer cannot run in this environment; the table shows it as n/a, not as passed.
    not_applicable: str | None = None

    @property
    def passed(self) -> int:
        return self.tests - self.failed - self.skipped


@dataclass(frozen=True)
class Suite:
    name: str  # the service, or "system" for a layer that covers all of them
    folder: Path
    cwd: Path
    pytest_args: tuple[str, ...] = ()

    @property
    def service(self) -> str:
        return self.name.split(".")[0]


def suites_for(layer: str, only: list[str]) -> list[Suite]:
    """The folders holding this layer's tests: one per service that has the layer, or the system's.

    In the contract layer every consumer writes its pacts (tests/contract/consumer/) before
    any provider verifies them (the rest of tests/contract/).
    """
    if layer in SYSTEM_LAYERS:
        return [Suite("system", SYSTEM_LAYERS[layer], REPO_DIR)]
    folders = sorted(path for path in SERVICES_DIR.glob(f"*/tests/{layer}") if holds_tests(path))
    suites = []
    if layer == "contract":
        consumers = [folder / "consumer" for folder in folders if (folder / "consumer").is_dir()]
        suites += [Suite(f"{folder.parents[2].name}.consumer", folder, folder.parents[2]) for folder in consumers]
        suites += [
            # The path from the suite's folder, so that the suite runs the same in a copy of the repository.
            Suite(folder.parents[1].name, folder, folder.parents[1], ("--ignore", "tests/contract/consumer"))
            for folder in folders
            if any(path for path in folder.rglob("test_*.py") if "consumer" not in path.relative_to(folder).parts)
        ]
    else:
        suites += [Suite(folder.parents[1].name, folder, folder.parents[1]) for folder in folders]
    return [suite for suite in suites if not only or suite.service in only]


def suites_at_once(asked: int | None, layer: str) -> int:
    """How many suites of ``layer`` run at once: as asked, else two more than there are CPUs
    (one more in the security layer)."""
    if asked is not None:
        return max(asked, 1)
    return CPUS + EXTRA_JOBS_OF_LAYER.get(layer, EXTRA_JOBS)


def describe_jobs(jobs: dict[str, int]) -> str:
    """``4 suites of a layer at a time (security 3)``, for the layers about to run."""
    usual = Counter(jobs.values()).most_common(1)[0][0]
    others = ", ".join(f"{layer} {count}" for layer, count in jobs.items() if count != usual)
    return f"{usual} suite(s) of a layer at a time" + (f" ({others})" if others else "")


def holds_tests(folder: Path) -> bool:
    """Whether pytest collects anything in ``folder``: a test module, or a security layer's
    ``tables.py``, from which the microshop plugin collects the security tests every service runs."""
    return any(folder.rglob("test_*.py")) or (folder / "tables.py").is_file()


def run_suite(
    layer: str,
    suite: Suite,
    reports_dir: Path,
    extra_args: list[str],
    coverage: "Coverage",
    *,
    plugins: list[str],
    alone: bool,
):
    """Run one suite's pytest with ``plugins`` (``plugin_options``); ``alone``: stream its
    output, else show it, whole, once it ends."""
    report = report_of(suite, reports_dir / layer)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    target = str(suite.folder.relative_to(suite.cwd))
    pytest = ["-m", "pytest", target, "-q", f"--junitxml={report}", *plugins, *suite.pytest_args]
    pytest += extra_args
    python_args = [*coverage.run_prefix(suite), *pytest]
    if alone:
        print(f"\n=== {layer} · {suite.name} ===", flush=True)
        command = [sys.executable, *python_args]
        return subprocess.run(command, cwd=suite.cwd, env=coverage.environment()).returncode, report
    started = time.monotonic()
    # The newline in the same write: print() writes it apart, and two suites starting
    # together would share a line.
    print(f"--- {layer} · {suite.name} started\n", end="", flush=True)
    with tempfile.NamedTemporaryFile(mode="w+", prefix=f"{layer}-{suite.name}-", suffix=".log") as output:
        returncode = run_python(python_args, cwd=suite.cwd, env=coverage.environment(), output=Path(output.name))
        # One print, so that the output of two suites ending together does not interleave.
        print(
            f"\n=== {layer} · {suite.name} ({time.monotonic() - started:.1f}s) ===\n{output.read()}",
            end="",
            flush=True,
        )
    return returncode, report


def plugin_options(layer: str) -> list[str]:
    """``--disable-plugin-autoload`` and ``-p <module>`` for each plugin ``layer`` uses.

    The e2e and resilience layers' pytest.ini names theirs. A plugin is given by its module,
    not its name: pytest rewrites the asserts of what ``-p`` names, and ``-p django`` would
    rewrite Django itself.
    """
    names = () if layer in SYSTEM_LAYERS else SUITE_PLUGINS + PLUGINS_OF_LAYER.get(layer, ())
    modules = {entry_point.name: entry_point.module for entry_point in entry_points(group="pytest11")}
    missing = [name for name in names if name not in modules]
    if missing:
        raise SystemExit(f"pytest plugin(s) not installed: {', '.join(missing)}; run `make install`")
    return ["--disable-plugin-autoload", *(option for name in names for option in ("-p", modules[name]))]


def report_of(suite: Suite, reports: Path) -> Path:
    """The JUnit XML file of ``suite``'s run, in the folder of its layer's reports."""
    return reports / f"{suite.name}.xml"


def junit_suites(report: Path) -> list[ET.Element]:
    """The ``testsuite`` elements of a JUnit XML file written by pytest: the root, or its children."""
    root = ET.parse(report).getroot()
    return [root] if root.tag == "testsuite" else root.findall("testsuite")


def read_report(report: Path) -> tuple[int, int, int]:
    """(tests, failed, skipped) from a JUnit XML file written by pytest."""
    suites = junit_suites(report)
    tests = sum(int(suite.get("tests", 0)) for suite in suites)
    failed = sum(int(suite.get("failures", 0)) + int(suite.get("errors", 0)) for suite in suites)
    skipped = sum(int(suite.get("skipped", 0)) for suite in suites)
    return tests, failed, skipped


def read_needing_postgresql(report: Path) -> tuple[int, int]:
    """(ran, skipped) of the test cases in a JUnit XML file that carry the needs_postgresql property."""
    marked = [
        case
        for case in ET.parse(report).getroot().iter("testcase")
        if any(prop.get("name") == NEEDS_POSTGRESQL for prop in case.iter("property"))
    ]
    skipped = sum(1 for case in marked if case.find("skipped") is not None)
    return len(marked) - skipped, skipped


def run_layer(
    layer: str,
    only: list[str],
    reports_dir: Path,
    extra_args: list[str],
    coverage: "Coverage",
    *,
    plugins: list[str],
    jobs: int = 1,
) -> Outcome:
    if layer in PRECONDITIONS and (reason := PRECONDITIONS[layer]()):
        print(f"\n=== {layer}: not applicable here ===\n{reason}\n\n{HOW_TO_START}", flush=True)
        return Outcome(not_applicable=reason)
    outcome = Outcome()
    started = time.monotonic()
    suites = suites_for(layer, only)
    # Consumers write the pacts their providers verify: in the contract layer they go first.
    stages = [[suite for suite in suites if suite.name.endswith(".consumer")]] if layer == "contract" else []
    stages.append([suite for suite in suites if suite not in (stages[0] if stages else [])])
    for stage in (longest_first(stage, reports_dir / layer) for stage in stages):
        alone = jobs == 1 or len(stage) == 1
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(
                pool.map(
                    lambda suite, alone=alone: run_suite(
                        layer, suite, reports_dir, extra_args, coverage, plugins=plugins, alone=alone
                    ),
                    stage,
                )
            )
        for suite, (returncode, report) in zip(stage, results, strict=True):
            record(outcome, suite, returncode, report)
    outcome.seconds = time.monotonic() - started
    return outcome


def longest_first(suites: list[Suite], reports: Path) -> list[Suite]:
    """``suites``, those whose last run here took longest first, then those with no run yet,
    the ones with the most test code first.

    Suites run side by side, one per job: a long suite started last runs on alone while
    the other jobs sit idle. The time is the one pytest wrote in the suite's JUnit report.
    A fresh clone has no reports. In name order, its security layer started orders' and
    users' suites, its longest, after others, and took 61.3 s on PostgreSQL and RabbitMQ
    (.ci/run); ordered by the size of their code, 47.8 s.
    """

    def last_time(suite: Suite) -> float:
        try:
            return sum(float(node.get("time", 0)) for node in junit_suites(report_of(suite, reports)))
        except (OSError, ET.ParseError):
            return 0.0

    def test_code_size(suite: Suite) -> int:
        return sum(path.stat().st_size for path in suite.folder.rglob("*.py"))

    return sorted(suites, key=lambda suite: (last_time(suite), test_code_size(suite)), reverse=True)


def record(outcome: Outcome, suite: Suite, returncode: int, report: Path) -> None:
    """Add what one suite's run did to its layer's outcome."""
    if suite.service not in outcome.suites:
        outcome.suites.append(suite.service)
    if not report.exists():
        outcome.broken.append(f"{suite.name}: pytest exited {returncode} before writing a report")
        return
    tests, failed, skipped = read_report(report)
    outcome.tests += tests
    outcome.failed += failed
    outcome.skipped += skipped
    ran, skipped_here = read_needing_postgresql(report)
    outcome.needing_postgresql_ran += ran
    outcome.needing_postgresql_skipped += skipped_here
    if returncode == NO_TESTS_COLLECTED or tests == 0:
        outcome.broken.append(f"{suite.name}: no test ran in {suite.folder.relative_to(REPO_DIR)}")
    elif returncode != 0 and failed == 0:
        outcome.broken.append(f"{suite.name}: pytest exited {returncode}")


class Coverage:
    """Coverage data from every test process (and the processes they start), per service."""

    def __init__(self, folder: Path, *, enabled: bool):
        self.folder = folder
        self.enabled = enabled

    def start(self) -> None:
        if self.enabled:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)

    def run_prefix(self, suite: Suite) -> list[str]:
        measured = self.enabled and suite.service not in UNMEASURED_SUITES
        return ["-m", "coverage", "run", f"--rcfile={COVERAGE_RC}"] if measured else []

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "MICROSHOP_COVERAGE_DATA": str(self.folder / ".coverage"),
            "MICROSHOP_SERVICES_DIR": str(SERVICES_DIR),
        }

    def collected(self) -> bool:
        """Whether any process wrote data: none has when only unmeasured suites ran."""
        return self.enabled and any(self.folder.glob(".coverage*"))

    def per_service(self) -> dict[str, tuple[float, float]]:
        """Combine the data, write the HTML and XML reports; return {service: (branch %, line %)}."""

        def coverage(*args: str) -> None:
            subprocess.run(
                [sys.executable, "-m", "coverage", *args, f"--rcfile={COVERAGE_RC}", "-q"],
                cwd=REPO_DIR,
                env=self.environment(),
                check=True,
                stdout=subprocess.DEVNULL,
            )

        coverage("combine")
        coverage("html", "-d", str(self.folder / "html"))
        coverage("xml", "-o", str(self.folder / "coverage.xml"))
        coverage("json", "-o", str(self.folder / "coverage.json"))
        totals: dict[str, list[int]] = {}
        for path, data in json.loads((self.folder / "coverage.json").read_text())["files"].items():
            service = Path(path).resolve().relative_to(SERVICES_DIR).parts[0]
            summary = data["summary"]
            counts = totals.setdefault(service, [0, 0, 0, 0])
            counts[0] += summary["covered_branches"]
            counts[1] += summary["num_branches"]
            counts[2] += summary["covered_lines"]
            counts[3] += summary["num_statements"]
        return {
            service: (100 * covered / (branches or 1), 100 * lines / (statements or 1))
            for service, (covered, branches, lines, statements) in sorted(totals.items())
        }


def print_coverage(figures: dict[str, tuple[float, float]], fail_under: float | None) -> bool:
    """Print the coverage table; return False when a service is below ``fail_under``."""
    print(f"\nCoverage across every process (reports/coverage/html/index.html){'':<4}")
    print(f"{'service':<15}{'branches':>10}{'lines':>10}")
    below = []
    for service, (branches, lines) in figures.items():
        mark = ""
        if fail_under is not None and branches < fail_under:
            below.append(service)
            mark = f"  below {fail_under:.0f}%"
        print(f"{service:<15}{branches:>9.1f}%{lines:>9.1f}%{mark}")
    if below:
        print(f"branch coverage below {fail_under:.0f}% in {', '.join(below)}")
    return not below


def write_pyramid(results: dict[str, Outcome], path: Path) -> None:
    bands = [
        Band(layer, results[layer].tests, results[layer].failed, results[layer].seconds)
        if layer in results and not results[layer].not_applicable
        else Band(layer, None, 0, 0.0)
        for layer in LAYERS
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(pyramid_svg(bands, title="microshop test pyramid", subtitle=describe_backends()))
    print(f"pyramid drawn in {path.relative_to(REPO_DIR)}")


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def describe_backends() -> str:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    database_name = "PostgreSQL" if on_postgresql() else "SQLite (embedded)"
    broker_name = "RabbitMQ" if broker.startswith("amqp") else "filesystem broker (embedded)"
    return f"database: {database_name}; broker: {broker_name}"


def describe_needing_postgresql(layer: str, outcome: Outcome) -> str | None:
    """The line saying how many of the layer's tests that need PostgreSQL ran, and where; None if it has none."""
    ran, skipped = outcome.needing_postgresql_ran, outcome.needing_postgresql_skipped
    if not ran and not skipped:
        return None
    also_skipped = f", and {skipped} were skipped" if skipped else ""
    if on_postgresql():
        return f"{layer}: needs PostgreSQL: {ran} ran on PostgreSQL{also_skipped}"
    return (
        f"{layer}: needs PostgreSQL: {ran} ran on SQLite, which proves less{also_skipped}; "
        "run on PostgreSQL for the full claim"
    )


def print_summary(results: dict[str, Outcome]) -> None:
    print("\n" + "=" * 72)
    print(f"Test pyramid — {describe_backends()}")
    print(f"{'layer':<13}{'services':>9}{'tests':>8}{'passed':>8}{'failed':>8}{'skipped':>9}{'time':>10}")
    for layer, outcome in results.items():
        if outcome.not_applicable:
            print(f"{layer:<13}{'n/a: needs PostgreSQL and RabbitMQ (see above)':>40}")
            continue
        print(
            f"{layer:<13}{len(outcome.suites):>9}{outcome.tests:>8}{outcome.passed:>8}"
            f"{outcome.failed:>8}{outcome.skipped:>9}{outcome.seconds:>9.1f}s"
        )
    total = Outcome(
        tests=sum(o.tests for o in results.values()),
        failed=sum(o.failed for o in results.values()),
        skipped=sum(o.skipped for o in results.values()),
        seconds=sum(o.seconds for o in results.values()),
    )
    print(
        f"{'total':<13}{'':>9}{total.tests:>8}{total.passed:>8}{total.failed:>8}{total.skipped:>9}{total.seconds:>9.1f}s"
    )
    for layer, outcome in results.items():
        if line := describe_needing_postgresql(layer, outcome):
            print(line)
    for layer, outcome in results.items():
        for problem in outcome.broken:
            print(f"problem in {layer}: {problem}")
    # A plain closing line that CI systems and people can both read.
    print(f"{total.passed} passed, {total.failed} failed, {total.skipped} skipped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "layers", nargs="+", choices=LAYERS, metavar="LAYER", help=f"one or more of {', '.join(LAYERS)}"
    )
    parser.add_argument("--service", action="append", default=[], help="only this service (repeatable)")
    parser.add_argument("--reports", type=Path, default=REPO_DIR / "reports" / "junit", help="JUnit XML folder")
    parser.add_argument("--no-coverage", action="store_true", help="do not measure coverage (a little faster)")
    parser.add_argument(
        "--jobs",
        type=int,
        help=f"how many suites of a layer run at once (default: two more than there are CPUs, {CPUS + EXTRA_JOBS} "
        f"here, and one more in the security layer, {CPUS + EXTRA_JOBS_OF_LAYER['security']}; 1 streams every output)",
    )
    parser.add_argument(
        "--fail-under", type=float, metavar="PERCENT", help="fail when a service's branch coverage is below this"
    )
    parser.epilog = "Arguments after -- go to every pytest run, e.g. -- -x -k reservation"
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    args, extra_args = parser.parse_args(argv[:split]), argv[split + 1 :]

    layers = [layer for layer in LAYERS if layer in args.layers]
    # Before anything runs: a plugin that is missing stops the run here, not layers later.
    plugins = {layer: plugin_options(layer) for layer in layers}
    coverage = Coverage(REPO_DIR / "reports" / "coverage", enabled=not args.no_coverage)
    coverage.start()
    jobs = {layer: suites_at_once(args.jobs, layer) for layer in layers}
    print(f"Running {', '.join(layers)} on {describe_backends()}, {describe_jobs(jobs)}", flush=True)
    results = {
        layer: run_layer(
            layer, args.service, args.reports, extra_args, coverage, plugins=plugins[layer], jobs=jobs[layer]
        )
        for layer in layers
    }
    covered_enough = print_coverage(coverage.per_service(), args.fail_under) if coverage.collected() else True
    write_pyramid(results, REPO_DIR / "reports" / "pyramid.svg")
    print_summary(results)
    failed = not covered_enough or any(outcome.failed or outcome.broken for outcome in results.values())
    nothing_ran = sum(outcome.tests for outcome in results.values()) == 0
    if nothing_ran and all(outcome.not_applicable for outcome in results.values()):
        print("no layer asked for can run here")
    elif nothing_ran:
        print("no test ran: check the layer names and --service")
    return 1 if failed or nothing_ran else 0


if __name__ == "__main__":
    sys.exit(main())
