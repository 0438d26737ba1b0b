"""With its database out of reach, inventory answers 503 and Retry-After, never a 500."""

import pytest
from django.db import connection

from microshop_testing.processes import free_ports


@pytest.fixture
def database_out_of_reach(transactional_db, tmp_path):
    """The connection pointed where no database answers, then given back its own settings.

    On PostgreSQL a port of 127.0.0.1 that nobody listens on; on SQLite, which has no
    port, a file in a folder that does not exist.
    """
    connection.close()
    own_settings = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_ports(1)[0]))
    else:
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "inventory.sqlite3")
    yield
    connection.close()
    connection.settings_dict.update(own_settings)


def test_the_catalogue_answers_503_with_retry_after_when_the_database_is_out_of_reach(
    database_out_of_reach, api_client
):
    response = api_client.get("/api/products/")

    assert response.status_code == 503
    assert response.json()["code"] == "SERVICE_UNAVAILABLE"
    assert int(response["Retry-After"]) > 0


def test_readiness_says_the_database_is_unavailable(database_out_of_reach, api_client):
    response = api_client.get("/health/ready/")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
