"""What every service serves besides its own API (``microshop_common.api.urls``), checked the same way in each."""


def assert_alive_and_ready(client) -> None:
    """``/health/`` answers, and ``/health/ready/`` reaches the service's database and broker."""
    assert client.get("/health/").json() == {"status": "ok"}
    ready = client.get("/health/ready/")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}
