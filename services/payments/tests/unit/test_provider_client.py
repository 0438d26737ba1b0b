"""The provider client against HTTP faked by ``responses``: what it sends, what it makes of each
answer, and which failures it tries again."""

import json

import pytest
import requests

from microshop_common.clients import UnexpectedResponse
from payments.clients.provider import CardDeclined, Charge, HttpPaymentProvider, ProviderUnavailable, Refund

PROVIDER = "http://provider.test"
CHARGES = f"{PROVIDER}/v1/charges"
REFUNDS = f"{PROVIDER}/v1/refunds"
A_CHARGE = {
    "id": "ch_1",
    "object": "charge",
    "status": "succeeded",
    "amount": 1250,
    "currency": "usd",
    "metadata": {"order_id": "7"},
}
DECLINED = {"error": {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}}
SERVER_ERROR = {"error": {"type": "api_error", "code": "processing_error", "message": "try again"}}


@pytest.fixture
def client():
    # No backoff: the tests count the tries, not the pauses between them.
    client = HttpPaymentProvider(PROVIDER, timeout=1.5)
    for adapter in client.session.adapters.values():
        adapter.max_retries.backoff_factor = 0
    return client


def charge(client, *, card_token: str = "tok_visa", key: str = "order-7-charge") -> Charge:
    return client.charge(amount_cents=1250, currency="usd", card_token=card_token, order_id=7, idempotency_key=key)


def test_a_charge_sends_the_amount_in_cents_the_card_token_the_order_and_the_idempotency_key(stubbed_http, client):
    stubbed_http.post(CHARGES, json=A_CHARGE)

    assert charge(client) == Charge(charge_id="ch_1", amount_cents=1250)

    [call] = stubbed_http.calls
    assert json.loads(call.request.body) == {
        "amount": 1250,
        "currency": "usd",
        "source": "tok_visa",
        "metadata": {"order_id": "7"},
    }
    assert call.request.headers["Idempotency-Key"] == "order-7-charge"


def test_each_call_waits_a_bounded_time_to_connect_and_to_read(stubbed_http, client):
    stubbed_http.post(CHARGES, json=A_CHARGE)

    charge(client)

    assert stubbed_http.calls[0].request.req_kwargs["timeout"] == (1.5, 1.5)


def test_the_default_timeouts_come_from_the_settings(settings):
    settings.PAYMENT_PROVIDER_TIMEOUT = 7.0

    assert HttpPaymentProvider(PROVIDER).timeout == (2.0, 7.0)


def test_a_server_error_is_tried_again_with_the_same_idempotency_key(stubbed_http, client):
    stubbed_http.post(CHARGES, status=500, json=SERVER_ERROR)
    stubbed_http.post(CHARGES, json=A_CHARGE)

    assert charge(client).charge_id == "ch_1"

    keys = [call.request.headers["Idempotency-Key"] for call in stubbed_http.calls]
    assert keys == ["order-7-charge", "order-7-charge"]


def test_a_provider_failing_after_every_retry_is_unavailable(stubbed_http, client):
    stubbed_http.post(CHARGES, status=503, json=SERVER_ERROR)

    with pytest.raises(ProviderUnavailable, match="503"):
        charge(client)

    assert len(stubbed_http.calls) == 4  # the first try and three retries, then the event waits


def test_a_decline_is_final_and_never_tried_again(stubbed_http, client):
    stubbed_http.post(CHARGES, status=402, json=DECLINED)

    with pytest.raises(CardDeclined) as declined:
        charge(client, card_token="tok_chargeDeclined")

    assert (declined.value.reason, declined.value.code) == ("Your card was declined.", "card_declined")
    assert len(stubbed_http.calls) == 1


def test_a_token_the_provider_does_not_know_is_declined_too(stubbed_http, client):
    missing = {"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "No such token."}}
    stubbed_http.post(CHARGES, status=400, json=missing)

    with pytest.raises(CardDeclined, match="No such token"):
        charge(client, card_token="tok_unknown")

    assert len(stubbed_http.calls) == 1


@pytest.mark.parametrize(
    "failure",
    [
        requests.ConnectionError("connection refused"),
        requests.ConnectTimeout("connect timed out"),
        requests.ReadTimeout("read timed out"),
    ],
    ids=["connection refused", "connect timeout", "read timeout"],
)
def test_a_provider_out_of_reach_is_unavailable(stubbed_http, client, failure):
    stubbed_http.post(CHARGES, body=failure)

    with pytest.raises(ProviderUnavailable, match=type(failure).__name__):
        charge(client)


def test_the_card_token_is_never_logged(stubbed_http, client, caplog):
    stubbed_http.post(CHARGES, body=requests.ConnectionError("connection refused"))

    with pytest.raises(ProviderUnavailable):
        charge(client, card_token="tok_visa")

    assert caplog.records
    assert "tok_visa" not in caplog.text


@pytest.mark.parametrize(
    "body",
    [{"id": "ch_1"}, {**A_CHARGE, "status": "pending"}, {**A_CHARGE, "amount": 99}],
    ids=["fields missing", "not succeeded", "another amount"],
)
def test_a_charge_the_client_cannot_read_or_did_not_ask_for_is_an_unexpected_response(stubbed_http, client, body):
    stubbed_http.post(CHARGES, json=body)

    with pytest.raises(UnexpectedResponse):
        charge(client)


def test_a_body_that_is_not_json_is_an_unexpected_response(stubbed_http, client):
    stubbed_http.post(CHARGES, body="<html>ok</html>", status=200)

    with pytest.raises(UnexpectedResponse, match="not JSON"):
        charge(client)


def test_a_refund_names_the_charge_and_its_own_idempotency_key(stubbed_http, client):
    stubbed_http.post(REFUNDS, json={"id": "re_1", "object": "refund", "status": "succeeded", "charge": "ch_1"})

    refund = client.refund(charge_id="ch_1", idempotency_key="order-7-refund")

    assert refund == Refund(refund_id="re_1", charge_id="ch_1")
    [call] = stubbed_http.calls
    assert json.loads(call.request.body) == {"charge": "ch_1"}
    assert call.request.headers["Idempotency-Key"] == "order-7-refund"


def test_a_refund_the_provider_refuses_is_an_unexpected_response_not_a_retry(stubbed_http, client):
    missing = {"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "No such charge."}}
    stubbed_http.post(REFUNDS, status=400, json=missing)

    with pytest.raises(UnexpectedResponse, match="resource_missing"):
        client.refund(charge_id="ch_gone", idempotency_key="order-7-refund")

    assert len(stubbed_http.calls) == 1


def test_a_refund_the_client_cannot_read_is_an_unexpected_response(stubbed_http, client):
    stubbed_http.post(REFUNDS, json={"id": "re_1"})

    with pytest.raises(UnexpectedResponse, match="refund"):
        client.refund(charge_id="ch_1", idempotency_key="order-7-refund")


def test_one_client_is_shared_by_the_process_until_the_provider_s_address_changes(settings):
    first = HttpPaymentProvider.shared()

    assert HttpPaymentProvider.shared() is first
    settings.PAYMENT_PROVIDER_URL = "http://elsewhere.test"
    assert HttpPaymentProvider.shared() is not first
    assert HttpPaymentProvider.shared().base_url == "http://elsewhere.test"
