import pytest


@pytest.fixture
def pytester(pytester, monkeypatch):
    """pytester, whose runs leave out the plugins ``tests/run_layers.py`` leaves out here.

    A run pytester starts loads every installed plugin again, whatever the outer run was
    told, and schemathesis's and hypothesis's make each run take seconds instead of a
    fraction of one. No test here fuzzes, or asks for the fixtures of the others.
    """
    monkeypatch.setenv(
        "PYTEST_ADDOPTS",
        "-p no:schemathesis -p no:hypothesispytest -p no:faker -p no:anyio -p no:pytest_httpserver -p no:locust"
        " -p no:platformdirs",
    )
    return pytester
