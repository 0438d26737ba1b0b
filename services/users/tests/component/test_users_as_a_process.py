"""Users as a black box: its API over HTTP, its events through the real broker.

The service runs as gunicorn, a Celery worker and the outbox relay, with production
settings. The test is a customer (it registers and logs in), another service (it checks
the customer's token with the users public key alone, and reads a user with a service
token of orders) and notifications (it reads ``user.registered`` from the broker).
Users calls no other service, so there is no neighbour to stub or to break; the
failure shown is its own database being out of reach.
"""

import jwt
import pytest
import requests
from celery import current_app
from django.conf import settings

from microshop_common.keys import public_key_path
from microshop_testing.event_tap import EventTap
from microshop_testing.tokens import service_token
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def register(users) -> dict:
    """Register a new customer (made up by the factory) over HTTP; return what users answered."""
    user = UserFactory.build()
    response = requests.post(
        f"{users.url}/api/users/",
        json={"username": user.username, "email": user.email, "password": PASSWORD, "first_name": user.first_name},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()


def log_in(users, username: str, password: str = PASSWORD) -> requests.Response:
    return requests.post(f"{users.url}/api/auth/login/", json={"username": username, "password": password}, timeout=10)


def as_orders() -> dict[str, str]:
    return {"Authorization": f"Bearer {service_token('orders')}"}


def test_a_registration_over_http_is_announced_on_the_broker(users):
    with EventTap(current_app) as tap:
        account = register(users)
        announced = tap.wait_for("user.registered", user_id=account["id"])

    assert announced["producer"] == "users"
    assert announced["data"] == {
        "user_id": account["id"],
        "username": account["username"],
        "email": account["email"],
        "first_name": account["first_name"],
        "last_name": "",
    }


def test_the_access_token_from_login_is_accepted_with_the_users_public_key_alone(users):
    account = register(users)

    response = log_in(users, account["username"])

    assert response.status_code == 200
    public_key = public_key_path(settings.JWT_KEYS_DIR, "users").read_text()
    claims = jwt.decode(
        response.json()["access_token"], public_key, algorithms=["RS256"], issuer="users", audience="microshop"
    )
    assert claims["token_type"] == "access"
    assert (claims["user_id"], claims["username"], claims["is_staff"]) == (account["id"], account["username"], False)


def test_a_wrong_password_is_401_in_the_error_shape(users):
    account = register(users)

    response = log_in(users, account["username"], "not-the-password")

    assert response.status_code == 401
    assert response.json() == {
        "error": "Invalid credentials",
        "code": "INVALID_CREDENTIALS",
        "detail": "No active account found with the given username and password",
    }


def test_orders_looks_a_user_up_with_its_service_token(users):
    account = register(users)

    response = requests.get(f"{users.url}/api/internal/users/{account['id']}/", headers=as_orders(), timeout=10)

    assert response.status_code == 200
    shown = {key: account[key] for key in ("id", "username", "email", "first_name", "last_name")}
    assert response.json() == {**shown, "is_active": True}


def test_orders_is_told_404_for_a_user_that_does_not_exist(users):
    response = requests.get(f"{users.url}/api/internal/users/999999/", headers=as_orders(), timeout=10)

    assert response.status_code == 404
    assert response.json()["code"] == "USER_NOT_FOUND"


def test_without_its_database_users_is_alive_but_not_ready(users_without_its_database):
    response = requests.get(f"{users_without_its_database.url}/health/ready/", timeout=10)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unavailable", "broker": "ok"}}
