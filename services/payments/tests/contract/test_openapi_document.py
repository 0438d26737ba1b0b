"""The OpenAPI document committed in services/contracts/openapi/ is the one the code describes."""

from microshop_testing.openapi import committed_document, differences, document_path, generated_document


def test_the_committed_openapi_document_is_what_the_code_describes():
    changed = differences(committed_document(), generated_document())

    assert not changed, (
        f"{document_path().name} differs from the code at: {', '.join(changed)}. "
        "Run `make openapi` (services/contracts/regenerate_openapi.py), review the change and commit it."
    )
