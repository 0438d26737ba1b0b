"""What make bench says when the load failed (tests/load/bench.py)."""

import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "tests" / "load"))

from bench import read_failures  # noqa: E402


def test_a_failed_bench_names_what_failed_most_often_first(tmp_path):
    (tmp_path / "microshop_failures.csv").write_text(
        "Method,Name,Error,Occurrences,First Seen,Last Seen\n"
        "FLOW,order confirmed,AssertionError('order 17 ended pending'),1,1,1\n"
        "POST,POST /api/orders/,\"HTTPError('503 Server Error')\",3,1,1\n"
    )

    assert read_failures(tmp_path / "microshop") == [
        "POST /api/orders/: HTTPError('503 Server Error') (3)",
        "order confirmed: AssertionError('order 17 ended pending') (1)",
    ]


def test_a_bench_that_wrote_no_failures_names_none(tmp_path):
    assert read_failures(tmp_path / "microshop") == []
