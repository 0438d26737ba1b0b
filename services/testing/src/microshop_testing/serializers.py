"""Which fields a DRF serializer refused, by name: a test of invalid data names what must be wrong.

``assert not serializer.is_valid()`` passes whatever the serializer refused, a field
the test forgot to fill in as well as the one it is about. ``refused_fields`` gives the
refused fields, nested ones by their path, so a test compares the whole set:

    assert refused_fields(OrderPlaceInputSerializer(data=data)) == {"items[0].quantity"}

A nested object's fields read ``shipping_address.city``, a list's items ``items[0]``; an
error about a nested object or list as a whole (DRF's ``non_field_errors`` under it, such
as "This list may not be empty.") is named by its path, ``items``.
"""

import pytest

WHOLE = "non_field_errors"


def refused_fields(serializer) -> set[str]:
    """The paths of the fields ``serializer`` refused; fails the test if it accepts its data."""
    if serializer.is_valid():
        pytest.fail(f"{type(serializer).__name__} accepted {serializer.initial_data!r}")
    return set(_paths(serializer.errors, ""))


def _paths(errors, path: str):
    if isinstance(errors, dict):
        for key, nested in errors.items():
            if key == WHOLE:
                yield path or WHOLE
            elif isinstance(key, int):
                yield from _paths(nested, f"{path}[{key}]")
            else:
                yield from _paths(nested, f"{path}.{key}" if path else key)
    elif isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        for index, nested in enumerate(errors):
            if nested:
                yield from _paths(nested, f"{path}[{index}]")
    else:
        yield path
