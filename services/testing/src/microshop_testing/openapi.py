"""Each service's committed OpenAPI document, ``services/contracts/openapi/<service>.yaml``, held to the code.

The documents are written by ``manage.py spectacular`` (``make openapi`` runs
``services/contracts/regenerate_openapi.py``). A contract test fails when the code
describes something else than the committed file, and providers check their real
answers against it.
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from django.conf import settings


def document_path(service: str | None = None) -> Path:
    return Path(settings.BASE_DIR).parent / "contracts" / "openapi" / f"{service or settings.SERVICE_NAME}.yaml"


def committed_document() -> dict[str, Any]:
    return yaml.safe_load(document_path().read_text())


def generated_document() -> dict[str, Any]:
    return yaml.safe_load(generate(Path(settings.BASE_DIR)))


def generate(service_dir: Path) -> str:
    """The document the code of the service in ``service_dir`` describes now, as ``make openapi`` writes it.

    ``manage.py spectacular`` runs with the test settings, which need no secret, and on an
    SQLite database whatever database this run uses: drf-spectacular takes the bounds of
    integer fields from the database backend (64-bit on SQLite, 32-bit on PostgreSQL), and
    a committed document must not depend on where it was generated. Any warning is an error.
    """
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn"],
        cwd=service_dir,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": "sqlite://:memory:"},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py spectacular failed in {service_dir}:\n{result.stdout}{result.stderr}")
    return result.stdout


def differences(committed: dict[str, Any], generated: dict[str, Any]) -> list[str]:
    """Where two documents differ: ``GET /api/products/``, ``components.schemas.Product``, or a top-level key."""
    places = []
    for key in sorted(committed.keys() | generated.keys()):
        old, new = committed.get(key, {}), generated.get(key, {})
        if old == new:
            continue
        if key == "paths":
            places += [f"{method.upper()} {path}" for path, method in _changed_pairs(old, new)]
        elif key == "components":
            places += [f"components.{kind}.{name}" for kind, name in _changed_pairs(old, new)]
        else:
            places.append(key)
    return places


def _changed_pairs(old: dict[str, dict], new: dict[str, dict]) -> list[tuple[str, str]]:
    """The (outer, inner) keys of two two-level mappings whose values differ, or exist in one only."""
    return [
        (outer, inner)
        for outer in sorted(old.keys() | new.keys())
        for inner in sorted(old.get(outer, {}).keys() | new.get(outer, {}).keys())
        if old.get(outer, {}).get(inner) != new.get(outer, {}).get(inner)
    ]


def check_response(response: requests.Response) -> None:
    """Fail unless the committed document describes this answer to its request: status, content type and body."""
    # Imported here: only the services that check their answers need openapi-core
    # (pinned in their requirements-dev.txt). https://openapi-core.readthedocs.io/
    from openapi_core import OpenAPI
    from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
    from openapi_core.exceptions import OpenAPIError

    document = OpenAPI.from_file_path(str(document_path()))
    try:
        document.validate_response(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))
    except OpenAPIError as exc:
        reasons = [str(exc), *(error.message for error in getattr(exc.__cause__, "schema_errors", ()))]
    else:
        return
    pytest.fail(
        f"{response.request.method} {response.request.path_url} answered {response.status_code} "
        f"{response.text[:300]}\nwhich {document_path().name} does not describe: {'; '.join(reasons)}",
        pytrace=False,
    )
