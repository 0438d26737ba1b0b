import time

import jwt
import pytest
import requests
import responses

from microshop_common import clients
from microshop_common.auth import issue_service_token
from microshop_common.clients import ResourceNotFound, ServiceClient, ServiceUnavailable, UnexpectedResponse
from microshop_common.correlation import HEADER, correlation_scope

USER_URL = "http://users.test/api/internal/users/1/"


class UsersClient(ServiceClient):
    service = "users"


@pytest.fixture
def client():
    return UsersClient(timeout=0.5)


@responses.activate
def test_a_json_answer_is_returned(client):
    responses.get(USER_URL, json={"id": 1})

    assert client.get_json("/api/internal/users/1/") == {"id": 1}


@responses.activate
def test_every_call_carries_a_service_token_for_the_callee_and_the_correlation_id(client):
    responses.get(USER_URL, json={})

    with correlation_scope("corr-1"):
        client.get_json("/api/internal/users/1/")

    headers = responses.calls[0].request.headers
    token = headers["Authorization"].removeprefix("Bearer ")
    assert jwt.decode(token, options={"verify_signature": False})["aud"] == "users"
    assert headers[HEADER] == "corr-1"


@responses.activate
def test_404_is_resource_not_found(client):
    responses.get(USER_URL, status=404, json={"code": "USER_NOT_FOUND"})

    with pytest.raises(ResourceNotFound):
        client.get_json("/api/internal/users/1/")


@responses.activate
def test_a_server_error_is_unavailable_after_the_retries(client):
    responses.get(USER_URL, status=503)

    with pytest.raises(ServiceUnavailable, match="answered 503"):
        client.get_json("/api/internal/users/1/")
    assert len(responses.calls) == 3  # the call and two retries


@responses.activate
def test_a_timeout_is_unavailable(client):
    responses.get(USER_URL, body=requests.Timeout("read timed out"))

    with pytest.raises(ServiceUnavailable, match="unreachable"):
        client.get_json("/api/internal/users/1/")


@responses.activate
def test_a_refused_connection_is_unavailable(client):
    responses.get(USER_URL, body=requests.ConnectionError("connection refused"))

    with pytest.raises(ServiceUnavailable):
        client.get_json("/api/internal/users/1/")


@responses.activate
def test_a_client_error_other_than_404_is_unexpected(client):
    responses.get(USER_URL, status=401, json={"code": "AUTHENTICATION_FAILED"})

    with pytest.raises(UnexpectedResponse, match="401"):
        client.get_json("/api/internal/users/1/")


@responses.activate
def test_a_body_that_is_not_json_is_unexpected(client):
    responses.get(USER_URL, body="<html>proxy error</html>")

    with pytest.raises(UnexpectedResponse, match="not JSON"):
        client.get_json("/api/internal/users/1/")


@pytest.fixture
def signed_tokens(monkeypatch) -> list[str]:
    """Every service token the client signs during the test, in order."""
    signed: list[str] = []

    def sign(**claims) -> str:
        signed.append(issue_service_token(**claims))
        return signed[-1]

    monkeypatch.setattr(clients, "issue_service_token", sign)
    return signed


@responses.activate
def test_the_service_token_is_signed_once_and_reused_until_it_nears_expiry(client, signed_tokens):
    responses.get(USER_URL, json={})

    client.get_json("/api/internal/users/1/")
    client.get_json("/api/internal/users/1/")

    assert len(signed_tokens) == 1
    sent = [call.request.headers["Authorization"] for call in responses.calls]
    assert sent == [f"Bearer {signed_tokens[0]}"] * 2


def test_a_service_token_about_to_expire_is_signed_anew(client, signed_tokens):
    first = client._service_token()
    client._token = (first, time.time() + 5)

    renewed = client._service_token()

    assert signed_tokens == [first, renewed]


def test_the_shared_client_is_built_once_per_process():
    assert UsersClient.shared() is UsersClient.shared()


def test_the_shared_client_follows_a_change_of_the_service_urls(settings):
    before = UsersClient.shared()
    settings.SERVICE_URLS = {"users": "http://elsewhere.test"}

    after = UsersClient.shared()

    assert after is not before
    assert after.base_url == "http://elsewhere.test"
