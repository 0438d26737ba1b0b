import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_a_process_that_starts_django_leaves_the_schema_generator_unloaded():
    check = "import django, sys; django.setup(); print('drf_spectacular.openapi' in sys.modules)"

    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"
