import pytest


@pytest.fixture
def pytester(pytester, monkeypatch):
    """pytester, whose runs load the plugin under test, and pytest-socket, whose marker it
    puts on unit tests, and no other installed plugin: as ``tests/run_layers.py`` loads
    only the plugins a layer uses.

    A run pytester starts would otherwise load every installed plugin again, whatever the
    outer run was told: schemathesis's and hypothesis's make each run take seconds instead
    of a fraction of one.
    """
    monkeypatch.setenv(
        "PYTEST_ADDOPTS", "--disable-plugin-autoload -p microshop_testing.pytest_plugin -p pytest_socket"
    )
    return pytester
