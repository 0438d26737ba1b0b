"""The committed OpenAPI documents describe what the APIs answer: every public list is paginated.

Each service's contract layer checks that its document is what its code describes; this
checks, across all of them, a rule of the REST surface: lists answer
``{"count", "next", "previous", "results"}``. Internal endpoints answer plain arrays.
"""

from pathlib import Path

import pytest
import yaml

DOCUMENTS = sorted((Path(__file__).resolve().parents[2] / "services" / "contracts" / "openapi").glob("*.yaml"))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_every_public_list_answers_the_paginated_envelope(document):
    paths = yaml.safe_load(document.read_text())["paths"]

    plain_arrays = [
        path
        for path, operations in paths.items()
        if not path.startswith("/api/internal/") and "get" in operations
        for answer in [operations["get"]["responses"].get("200", {})]
        if answer.get("content", {}).get("application/json", {}).get("schema", {}).get("type") == "array"
    ]

    assert plain_arrays == []
