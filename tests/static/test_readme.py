"""The README says what the code does: the order's state diagram is the code's table of moves."""

import re
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "services" / "orders"))

from orders.domain import ALLOWED_TRANSITIONS  # noqa: E402


def test_the_order_state_diagram_shows_exactly_the_moves_the_domain_allows():
    readme = (REPO_DIR / "README.md").read_text()
    diagram = re.search(r"```mermaid\nstateDiagram-v2\n(.*?)```", readme, re.S)[1]

    drawn = set(re.findall(r"^\s+(\w+) --> (\w+)", diagram, re.M))

    allowed = {(str(current), str(target)) for current, targets in ALLOWED_TRANSITIONS.items() for target in targets}
    assert drawn == allowed
