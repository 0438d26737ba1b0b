"""The settings a LiveSystem gives the services: their own, with passwords hashed cheaply."""

import json
import subprocess
import sys
from pathlib import Path

from microshop_common.keys import generate_all
from microshop_testing.live_system import LIVE_SETTINGS, LiveSystem

SERVICES_DIR = Path(__file__).resolve().parents[3]
HASHES = """
import django, json
django.setup()
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.hashers import PBKDF2PasswordHasher
print(json.dumps({
    "new": make_password("s3cret-enough").split("$")[0],
    "production_hash_checks": check_password("s3cret-enough", PBKDF2PasswordHasher().encode("s3cret-enough", "salt")),
}))
"""


def test_every_process_of_a_live_system_runs_the_live_settings(tmp_path):
    live = LiveSystem(tmp_path / "state", repo_dir=tmp_path)

    assert {spec.env["DJANGO_SETTINGS_MODULE"] for spec in live.specs.values() if spec.name != "payment-provider"} == {
        LIVE_SETTINGS
    }
    assert live.system.environment(live.system.service("users"))["DJANGO_SETTINGS_MODULE"] == LIVE_SETTINGS


def test_users_under_the_live_settings_hashes_cheaply_and_still_checks_a_production_hash(tmp_path):
    live = LiveSystem(tmp_path / "state", repo_dir=tmp_path)
    generate_all(tmp_path / "state" / "keys")

    answer = subprocess.run(
        [sys.executable, "-c", HASHES],
        cwd=SERVICES_DIR / "users",
        env=live.system.environment(live.system.service("users")),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout) == {"new": "md5", "production_hash_checks": True}
