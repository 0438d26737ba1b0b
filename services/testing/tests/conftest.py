import pytest


@pytest.fixture
def pytester(pytester, monkeypatch):
    """pytester, whose runs leave out the fuzzing plugins as ``tests/run_layers.py`` does.

    A run pytester starts loads every installed plugin again, whatever the outer run was
    told, and schemathesis's and hypothesis's make each run take seconds instead of a
    fraction of one. No test here fuzzes.
    """
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:schemathesis -p no:hypothesispytest")
    return pytester
