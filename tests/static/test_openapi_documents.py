"""The committed OpenAPI documents describe what the APIs answer: every public list is
paginated, and every example is valid.

Each service's contract layer checks that its document is what its code describes; this
checks, across all of them, rules of the REST surface: lists answer
``{"count", "next", "previous", "results"}`` (internal endpoints answer plain arrays), and
each example a document shows a client is one its own schema accepts.
"""

from pathlib import Path

import jsonschema
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


def examples_of(document: dict) -> list[tuple[str, dict, object]]:
    """Every example of a request or response body: (where, its schema, its value)."""
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(status, answer) for status, answer in operation["responses"].items()]
            for what, body in bodies:
                for media in body.get("content", {}).values():
                    for name, example in media.get("examples", {}).items():
                        found.append((f"{method.upper()} {path} {what}: {name}", media["schema"], example["value"]))
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_every_example_is_valid_against_its_own_schema(document):
    content = yaml.safe_load(document.read_text())
    invalid = []
    for where, schema, value in examples_of(content):
        # The components travel with the schema, so that its #/components/... references resolve.
        validator = jsonschema.Draft7Validator({**schema, "components": content.get("components", {})})
        invalid += [f"{where}: {error.message}" for error in validator.iter_errors(value)]

    assert invalid == []


def test_the_documents_show_examples_of_placing_an_order_and_of_signing_up():
    examples = {where for document in DOCUMENTS for where, _, _ in examples_of(yaml.safe_load(document.read_text()))}

    assert "POST /api/orders/ request: AGoodCard" in examples
    assert "POST /api/users/ request: ANewCustomer" in examples
