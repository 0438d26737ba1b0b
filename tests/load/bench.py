"""make bench: microshop under a fixed load, and the CPU that each confirmed order costs.

  make bench                                  16 customers, 60 s of ordering
  make bench ARGS="--customers 8 --duration 20"

It starts the whole system on free ports, as the end-to-end layer does, on the backends
the environment names (DATABASE_URL and CELERY_BROKER_URL; the embedded ones without
them), with its own databases and exchange, so it disturbs no `make run`. Then it runs
the load test (tests/load/locustfile.py): the customers sign up, and once all of them
have, they order for --duration seconds. Over that ordering phase alone it measures
  - confirmed orders per second, and the time from POST to `confirmed` (p50, p95);
  - the CPU time of every process of the system (web, workers, relays), and of the
    local PostgreSQL and RabbitMQ servers when they are used, per confirmed order.
Then it serves the bare endpoint of tests/load/ceiling.py (one DRF view that verifies a
customer's RS256 token and inserts one row) with the same gunicorn settings on the same
database, runs as many callers for as long, and prints how many of those requests one
order costs. Last, it sends bare events (tests/load/bare_event.py: a Celery task
that does nothing, sent, brokered and run as microshop's events are) and prints the CPU
one costs. Everything is written to reports/bench.json.

CPU is read from /proc through psutil: a process's own time plus that of the children
it has reaped, so a PostgreSQL backend that exits during the run is still counted.
The load generator runs on the same machine, and its CPU is not counted.
"""

import argparse
import contextlib
import csv
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import jwt
import psutil
import requests

from microshop_common.keys import load_private_key, private_key_path, public_key_path
from microshop_common.processes import WEB_WORKERS, web_command, worker_command
from microshop_testing.live_system import LiveSystem
from microshop_testing.processes import free_ports

LOAD_DIR = Path(__file__).resolve().parent
REPO_DIR = LOAD_DIR.parents[1]
REPORTS_DIR = REPO_DIR / "reports"
# What the bare endpoint's gunicorn printed: why it stopped, if it did.
CEILING_LOG = REPORTS_DIR / "bench" / "ceiling-server.log"
BARE_EVENT_LOG = REPORTS_DIR / "bench" / "bare-event-worker.log"
READY_MARKER = "microshop-load: ordering"
SIGN_UP_TIMEOUT = 120.0
BARE_EVENTS, BARE_EVENTS_EMBEDDED = 2000, 200
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def say(message: str) -> None:
    print(f"bench | {message}", flush=True)


@dataclass
class Measurement:
    seconds: float
    count: int  # confirmed orders, or requests to the ceiling
    failures: int
    p50_ms: float
    p95_ms: float
    cpu_seconds: dict[str, float]

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_each(self) -> float:
        return 1000 * sum(self.cpu_seconds.values()) / self.count if self.count else float("inf")


class CpuMeter:
    """CPU seconds of named groups of processes, between two readings."""

    def __init__(self, groups: dict[str, list[psutil.Process]]):
        self.groups = groups

    def read(self) -> dict[str, float]:
        return {name: _cpu_seconds(roots) for name, roots in self.groups.items()}

    @staticmethod
    def spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
        return {name: round(after[name] - before[name], 3) for name in after}


def _cpu_seconds(roots: list[psutil.Process]) -> float:
    total = 0.0
    seen: set[int] = set()
    for root in roots:
        try:
            family = [root, *root.children(recursive=True)]
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        for process in family:
            if process.pid in seen:
                continue
            seen.add(process.pid)
            try:
                times = process.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                # Gone, or a server in a container this user may not read: not counted.
                continue
            total += times.user + times.system + times.children_user + times.children_system
    return total


def server_processes(database_url: str | None, broker_url: str | None) -> dict[str, list[psutil.Process]]:
    """The local PostgreSQL and RabbitMQ servers, when the system uses them."""
    servers: dict[str, list[psutil.Process]] = {}
    if database_url and urlsplit(database_url).hostname in LOCAL_HOSTS:
        postgres = [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]
        servers["postgresql"] = [p for p in postgres if p.ppid() not in {q.pid for q in postgres}]
    if broker_url and broker_url.startswith("amqp") and urlsplit(broker_url).hostname in LOCAL_HOSTS:
        servers["rabbitmq"] = [p for p in psutil.process_iter(["name"]) if p.info["name"] == "beam.smp"]
    return servers


def run_locust(
    locustfile: str,
    arguments: list[str],
    *,
    customers: int,
    csv_prefix: Path,
    meter: CpuMeter,
    duration: float,
    env: dict[str, str],
    after_sign_up: bool,
) -> tuple[float, dict[str, float], int]:
    """Run locust for ``duration`` seconds, from the start or, ``after_sign_up``, from its ready marker.

    Returns the seconds measured, the CPU spent meanwhile, and locust's exit code.
    """
    csv_prefix.parent.mkdir(parents=True, exist_ok=True)
    command = [
        *(sys.executable, "-m", "locust", "--headless", "--only-summary", "--csv", str(csv_prefix)),
        *("--run-time", f"{int(SIGN_UP_TIMEOUT + duration + 30)}s"),
        *("-f", str(LOAD_DIR / locustfile), "-u", str(customers), "-r", str(customers)),
        *arguments,
    ]
    locust = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    started, before = time.monotonic(), meter.read()
    try:
        if after_sign_up:
            deadline = time.monotonic() + SIGN_UP_TIMEOUT
            for line in locust.stdout:
                if READY_MARKER in line:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit("bench | the customers did not all sign up in time")
            else:
                raise SystemExit(f"bench | locust ended before the customers could order (exit {locust.wait()})")
            started, before = time.monotonic(), meter.read()
            say(f"customers signed up; ordering for {duration:.0f}s ...")
        time.sleep(duration)
        after, ended = meter.read(), time.monotonic()
        locust.send_signal(signal.SIGTERM)
        output, _ = locust.communicate(timeout=60)
    finally:
        if locust.poll() is None:
            locust.kill()
            locust.wait()
    (csv_prefix.parent / f"{csv_prefix.name}.log").write_text(output)
    return ended - started, CpuMeter.spent(before, after), locust.returncode


def read_failures(csv_prefix: Path, *, most: int = 5) -> list[str]:
    """What failed, as locust counted it, most often first: ``POST /api/orders/: HTTPError('503 ...') (3)``."""
    with contextlib.suppress(FileNotFoundError), open(f"{csv_prefix}_failures.csv", newline="") as failures:
        rows = sorted(csv.DictReader(failures), key=lambda row: -int(row["Occurrences"]))
        return [f"{row['Name']}: {row['Error']} ({row['Occurrences']})" for row in rows[:most]]
    return []


def read_stats(csv_prefix: Path, name: str) -> tuple[int, int, float, float]:
    """Count, failures, p50 and p95 (ms) of one line of locust's statistics."""
    with open(f"{csv_prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == name:
                return int(row["Request Count"]), int(row["Failure Count"]), float(row["50%"]), float(row["95%"])
    return 0, 0, 0.0, 0.0


def bench_microshop(args, state_dir: Path) -> tuple[Measurement, LiveSystem]:
    live = LiveSystem(state_dir, repo_dir=REPO_DIR, purpose="bench", web_workers=args.web_workers)
    say(f"starting microshop ({live.system.describe_backends()}) ...")
    try:
        live.start()
        groups = {name: [psutil.Process(live.pid(name))] for name in sorted(live.specs)}
        groups.update(server_processes(live.system.database_url, live.system.broker_url))
        seconds, cpu, exit_code = run_locust(
            "locustfile.py",
            [f"--{name}-url={live.url(name)}" for name in ("users", "orders", "inventory")],
            customers=args.customers,
            csv_prefix=REPORTS_DIR / "bench" / "microshop",
            meter=CpuMeter(groups),
            duration=args.duration,
            env=os.environ.copy(),
            after_sign_up=True,
        )
    finally:
        live.stop()
    confirmed, _, p50, p95 = read_stats(REPORTS_DIR / "bench" / "microshop", "order confirmed")
    _, failures, _, _ = read_stats(REPORTS_DIR / "bench" / "microshop", "Aggregated")
    if exit_code not in (0, 1):
        failures = max(failures, 1)  # locust itself failed
    return Measurement(seconds, confirmed, failures, p50, p95, cpu), live


def bench_ceiling(args, live: LiveSystem, work_dir: Path) -> Measurement:
    keys_dir = live.state_dir / "keys"
    database_url, drop_database = ceiling_database(live.system.database_url, work_dir)
    port = free_ports(1)[0]
    now = int(time.time())
    token = jwt.encode(
        {"token_type": "access", "user_id": 1, "iss": "users", "iat": now, "exp": now + 3600, "jti": uuid.uuid4().hex},
        load_private_key(private_key_path(keys_dir, "users").read_text()),
        algorithm="RS256",
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CEILING_VERIFYING_KEY_FILE": str(public_key_path(keys_dir, "users")),
        "CEILING_TOKEN": token,
    }
    say(f"starting the bare endpoint on port {port} ...")
    command = web_command(port=port, workers=args.web_workers, application="ceiling:application")
    try:
        with beside_the_system(command, env=env, log=CEILING_LOG, stop_within=30) as gunicorn:
            wait_for_ceiling(port, token, gunicorn)
            groups = {"ceiling-web": [psutil.Process(gunicorn.pid)]}
            groups.update(server_processes(live.system.database_url, None))
            seconds, cpu, _ = run_locust(
                "ceiling_locustfile.py",
                ["--host", f"http://127.0.0.1:{port}"],
                customers=args.customers,
                csv_prefix=REPORTS_DIR / "bench" / "ceiling",
                meter=CpuMeter(groups),
                duration=args.duration,
                env=env,
                after_sign_up=False,
            )
            if gunicorn.poll() is not None:
                exited = f"exit {gunicorn.returncode}"
                raise SystemExit(f"bench | the bare endpoint stopped during the run ({exited}); see {CEILING_LOG}")
    finally:
        drop_database()
    count, failures, p50, p95 = read_stats(REPORTS_DIR / "bench" / "ceiling", "POST /hit/")
    return Measurement(seconds, count, failures, p50, p95, cpu)


def ceiling_database(system_database_url: str | None, work_dir: Path):
    """The ceiling's database, beside the system's: a PostgreSQL database of its own, or a SQLite file."""
    if not system_database_url:
        return f"sqlite:///{work_dir / 'ceiling.sqlite3'}", lambda: None
    import psycopg

    server = urlsplit(system_database_url)
    name = f"bench_ceiling_{uuid.uuid4().hex[:8]}"
    admin_url = urlunsplit(server._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(server._replace(path=f"/{name}")), drop


@contextlib.contextmanager
def beside_the_system(
    command: list[str], *, env: dict[str, str], log: Path, stop_within: float
) -> Iterator[subprocess.Popen]:
    """A process the bench measures against, run from tests/load with its output in ``log``.

    It runs in a session of its own, so that SIGTERM at the end reaches the workers it forks.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=LOAD_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=stop_within)


def wait_for_ceiling(port: int, token: str, gunicorn: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            raise SystemExit(f"bench | the bare endpoint exited (exit {gunicorn.returncode}); see its log")
        try:
            answer = requests.post(
                f"http://127.0.0.1:{port}/hit/", json={}, headers={"Authorization": f"Bearer {token}"}, timeout=2
            )
            if answer.status_code == 201:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("bench | the bare endpoint did not answer within 30 s")


def bench_bare_event(args, live: LiveSystem) -> Measurement:
    """Send bare events through the system's broker to a worker of their own; what each one cost."""
    env = {
        **os.environ,
        "CELERY_BROKER_URL": live.system.broker_url,
        "BARE_EVENT_QUEUE": f"{live.system.exchange}.bare-event",
    }
    count = args.events or (BARE_EVENTS if live.system.broker_url.startswith("amqp") else BARE_EVENTS_EMBEDDED)
    say(f"sending {count} bare events ...")
    command = worker_command("bare-event", app="bare_event")
    with beside_the_system(command, env=env, log=BARE_EVENT_LOG, stop_within=60) as worker:
        send_bare_events(1, env)  # the worker is up once it has taken one
        meter = CpuMeter(
            {"bare-event-worker": [psutil.Process(worker.pid)], **server_processes(None, live.system.broker_url)}
        )
        started, before = time.monotonic(), meter.read()
        sending = send_bare_events(count, env)
        cpu = {**CpuMeter.spent(before, meter.read()), "sender": round(sending, 3)}
        seconds = time.monotonic() - started
    return Measurement(seconds, count, 0, 0.0, 0.0, cpu)


def send_bare_events(count: int, env: dict[str, str]) -> float:
    """The CPU seconds it took to send ``count`` bare events, once the worker has taken them all."""
    command = [sys.executable, "bare_event.py", str(count)]
    sent = subprocess.run(command, cwd=LOAD_DIR, env=env, capture_output=True, text=True, timeout=300)
    if sent.returncode != 0:
        raise SystemExit(f"bench | sending bare events failed: {sent.stderr.strip()[-500:]}; see {BARE_EVENT_LOG}")
    return float(sent.stdout)


def cpu_by_kind(cpu: dict[str, float]) -> dict[str, float]:
    """CPU seconds by kind of process (web, worker, relay, servers), over every service."""
    kinds: Counter[str] = Counter()
    for name, seconds in cpu.items():
        kinds[name.rsplit("-", 1)[-1] if "-" in name else name] += seconds
    return {kind: round(seconds, 3) for kind, seconds in kinds.most_common()}


def report(args, backends: str, shop: Measurement, ceiling: Measurement, bare_event: Measurement) -> dict:
    ratio = shop.cpu_ms_each / ceiling.cpu_ms_each if ceiling.count and shop.count else None
    result = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "backends": backends,
        "load": {"customers": args.customers, "seconds": args.duration, "web_workers": args.web_workers},
        "microshop": {
            **asdict(shop),
            "confirmed_orders_per_second": round(shop.per_second, 2),
            "cpu_ms_per_confirmed_order": round(shop.cpu_ms_each, 2),
            "cpu_seconds_by_kind": cpu_by_kind(shop.cpu_seconds),
        },
        "ceiling": {
            **asdict(ceiling),
            "requests_per_second": round(ceiling.per_second, 2),
            "cpu_ms_per_request": round(ceiling.cpu_ms_each, 3),
        },
        "ceiling_requests_per_order": round(ratio, 1) if ratio else None,
        "bare_event": {
            **asdict(bare_event),
            "cpu_ms_per_event": round(bare_event.cpu_ms_each, 3),
        },
    }
    event_parts = ", ".join(
        f"{name} {1000 * seconds / bare_event.count:.2f}" for name, seconds in bare_event.cpu_seconds.items()
    )
    lines = [
        "",
        f"microshop bench — {backends}; {args.customers} customers, {args.duration:.0f} s, {os.cpu_count()} cores",
        "",
        f"  confirmed orders/s        {shop.per_second:8.1f}   ({shop.count} orders, {shop.failures} failures)",
        f"  POST -> confirmed         p50 {shop.p50_ms:.0f} ms, p95 {shop.p95_ms:.0f} ms",
        f"  CPU per confirmed order   {shop.cpu_ms_each:8.1f} ms   (every process of the system, and the servers)",
        *(
            f"      {kind:<22}{1000 * seconds / shop.count if shop.count else 0:8.1f} ms"
            for kind, seconds in cpu_by_kind(shop.cpu_seconds).items()
        ),
        "",
        f"  bare DRF + JWT endpoint   {ceiling.per_second:8.1f} requests/s, {ceiling.cpu_ms_each:.2f} ms of CPU each",
        f"  one order costs           {ratio:8.1f} bare requests of CPU" if ratio else "  ratio: no data",
        f"  bare event                {bare_event.cpu_ms_each:8.2f} ms of CPU each   ({event_parts})",
        "",
        f"written to {(REPORTS_DIR / 'bench.json').relative_to(REPO_DIR)}; locust's reports in reports/bench/",
    ]
    print("\n".join(lines), flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=16, help="concurrent customers (default: 16)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of ordering measured (default: 60)")
    parser.add_argument(
        "--web-workers",
        type=int,
        default=WEB_WORKERS,
        help=f"gunicorn processes per service (default: {WEB_WORKERS})",
    )
    parser.add_argument(
        "--events",
        type=int,
        help=f"bare events sent (default: {BARE_EVENTS} on RabbitMQ; {BARE_EVENTS_EMBEDDED} on the embedded broker, "
        "which hands its worker about ten a second)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.customers <= 200 or not 5 <= args.duration <= 600:
        parser.error("give 1 to 200 customers and 5 to 600 seconds")
    if args.events is not None and not 10 <= args.events <= 100_000:
        parser.error("give 10 to 100000 bare events")

    shutil.rmtree(REPORTS_DIR / "bench", ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="microshop-bench-") as work:
        work_dir = Path(work)
        shop, live = bench_microshop(args, work_dir / "system")
        ceiling = bench_ceiling(args, live, work_dir)
        bare_event = bench_bare_event(args, live)
        result = report(args, live.system.describe_backends(), shop, ceiling, bare_event)
    REPORTS_DIR.mkdir(exist_ok=True)
    (REPORTS_DIR / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    if shop.failures or not shop.count:
        say(f"FAILED: {shop.failures} failures, {shop.count} orders confirmed (see reports/bench/microshop.log)")
        for failure in read_failures(REPORTS_DIR / "bench" / "microshop"):
            say(f"  {failure}")
        return 1
    if ceiling.failures:
        say(f"FAILED: {ceiling.failures} failed requests to the bare endpoint (see {CEILING_LOG})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
