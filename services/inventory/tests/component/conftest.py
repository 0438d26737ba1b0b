import pytest


@pytest.fixture(scope="module")
def inventory(start_live_service):
    """Inventory as real processes, on a database of its own, talking to this run's broker."""
    return start_live_service()
