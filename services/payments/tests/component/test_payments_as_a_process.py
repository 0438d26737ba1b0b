"""The payments service as a black box: its API over HTTP, as deployed.

The service runs as gunicorn, a Celery worker and the outbox relay, with production
settings, on a database of its own. The test is staff and a customer calling the API;
nothing else of the system is running.
"""

import pytest
import requests

from microshop_testing.tokens import customer_token

pytestmark = pytest.mark.django_db(transaction=True)


def as_staff() -> dict[str, str]:
    return {"Authorization": f"Bearer {customer_token(1, is_staff=True)}"}


def test_it_is_ready_with_its_database_and_broker(payments):
    response = requests.get(f"{payments.url}/health/ready/", timeout=10)

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_an_item_created_over_http_is_read_back_over_http(payments):
    created = requests.post(f"{payments.url}/api/items/", json={"name": "Process mug"}, headers=as_staff(), timeout=10)
    assert created.status_code == 201, created.text

    response = requests.get(f"{payments.url}/api/items/{created.json()['id']}/", timeout=10)

    assert response.status_code == 200
    assert response.json()["name"] == "Process mug"


def test_a_customer_token_cannot_create_an_item(payments):
    headers = {"Authorization": f"Bearer {customer_token(5)}"}

    response = requests.post(f"{payments.url}/api/items/", json={"name": "Not mine"}, headers=headers, timeout=10)

    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
