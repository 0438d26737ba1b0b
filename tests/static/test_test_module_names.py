"""No two test modules of a service share a name, so that ``pytest tests`` runs all of its
layers at once. The layer folders have no ``__init__.py``: pytest imports a module there
under its file name, and a second module of that name, in another layer, stops the run
before its first test ("import file mismatch")."""

from collections import Counter
from pathlib import Path

import pytest

SERVICES_DIR = Path(__file__).resolve().parents[2] / "services"
SUITES = sorted(path.name for path in SERVICES_DIR.iterdir() if (path / "tests").is_dir())


@pytest.mark.parametrize("folder", SUITES)
def test_every_test_module_of_a_service_has_a_name_of_its_own(folder):
    names = Counter(path.name for path in (SERVICES_DIR / folder / "tests").rglob("test_*.py"))

    assert [name for name, count in names.items() if count > 1] == []
