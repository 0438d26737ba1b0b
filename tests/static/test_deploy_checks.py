"""Every service passes Django's deployment checks with the settings production gives it.

OWASP API8 Security Misconfiguration: ``manage.py check --deploy --fail-level WARNING``
runs each service's base settings (those of its image) with an environment as a
deployment sets it, secrets and all, and must find nothing.
https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "services" / "common" / "src"))

from microshop_common.keys import generate_all  # noqa: E402
from microshop_common.registry import service_names, services  # noqa: E402


@pytest.fixture(scope="module")
def production_environment(tmp_path_factory) -> dict[str, str]:
    keys = tmp_path_factory.mktemp("keys")
    generate_all(keys)
    return {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "THROTTLE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "shop.example.com",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "JWT_KEYS_DIR": str(keys),
        "DATABASE_URL": "sqlite://:memory:",
    }


@pytest.mark.parametrize("service", service_names())
def test_the_deployment_checks_find_nothing_in_the_production_settings(service, production_environment):
    # In production the outside services a fake stands in for locally are the real ones.
    outside = {
        f"{name.upper()}_URL": f"https://{name.replace('_', '-')}.example.com" for name, _ in services()[service].fakes
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_DIR / "services" / service,
        env={**production_environment, **outside},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
