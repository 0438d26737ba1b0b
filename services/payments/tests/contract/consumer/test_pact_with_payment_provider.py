"""What payments needs from the payment provider, sent and read by the real ``HttpPaymentProvider``:
``POST /v1/charges`` with each sandbox card token, and ``POST /v1/refunds``.

The provider states of the charges are the card tokens: the provider decides by the
token alone. A refund needs a charge made before, ``a charge exists`` with its id and
amount. Each interaction has an idempotency key of its own, or the provider would replay
one interaction's answer to another. The pact is verified against the fake provider that
``make run`` starts (tests/contract/provider/test_fake_provider_honours_the_pact.py).
"""

import pytest
from pact import match

from payments.clients.provider import CardDeclined, HttpPaymentProvider, ProviderUnavailable


@pytest.fixture
def provider(pact_with):
    return pact_with("payment_provider")


def expect_charge(provider, token: str, order_id: int, *, status: int):
    return (
        provider.upon_receiving(f"a charge of 12.50 with {token}")
        .given(token)
        .with_request("POST", "/v1/charges")
        .with_header("Idempotency-Key", match.regex(f"order-{order_id}-charge", regex=r"^order-\d+-charge$"))
        .with_body(
            {"amount": 1250, "currency": "usd", "source": token, "metadata": {"order_id": str(order_id)}},
            content_type="application/json",
        )
        .will_respond_with(status)
    )


def charge(client: HttpPaymentProvider, token: str, order_id: int):
    return client.charge(
        amount_cents=1250,
        currency="usd",
        card_token=token,
        order_id=order_id,
        idempotency_key=f"order-{order_id}-charge",
    )


def test_a_good_card_is_charged(provider):
    expect_charge(provider, "tok_visa", 9201, status=200).with_body(
        {"id": match.regex("ch_123", regex=r"^ch_\w+$"), "status": "succeeded", "amount": 1250},
        content_type="application/json",
    )

    with provider.serve() as server:
        made = charge(HttpPaymentProvider(server.url), "tok_visa", 9201)

    assert made.amount_cents == 1250
    assert made.charge_id.startswith("ch_")


def test_a_declined_card_is_refused_with_a_reason_for_people(provider):
    expect_charge(provider, "tok_chargeDeclined", 9202, status=402).with_body(
        {"error": {"code": "card_declined", "message": match.str("Your card was declined.")}},
        content_type="application/json",
    )

    with provider.serve() as server, pytest.raises(CardDeclined) as declined:
        charge(HttpPaymentProvider(server.url), "tok_chargeDeclined", 9202)

    assert declined.value.code == "card_declined"


def test_a_processing_error_the_first_time_is_a_server_error_worth_retrying(provider):
    expect_charge(provider, "tok_processingError", 9203, status=500).with_body(
        {"error": {"type": "api_error"}}, content_type="application/json"
    )

    # No retries here: the pact states one answer, the first; the retry is the fake's own test.
    with provider.serve() as server, pytest.raises(ProviderUnavailable, match="500"):
        charge(HttpPaymentProvider(server.url, retries=0), "tok_processingError", 9203)


def test_a_charge_is_refunded_in_full(provider):
    (
        provider.upon_receiving("a refund of a charge of 12.50")
        .given("a charge exists", id="ch_refundable", amount=1250)
        .with_request("POST", "/v1/refunds")
        .with_header("Idempotency-Key", match.regex("order-9204-refund", regex=r"^order-\d+-refund$"))
        .with_body({"charge": "ch_refundable"}, content_type="application/json")
        .will_respond_with(200)
        .with_body(
            {"id": match.regex("re_123", regex=r"^re_\w+$"), "charge": "ch_refundable"},
            content_type="application/json",
        )
    )

    with provider.serve() as server:
        refund = HttpPaymentProvider(server.url).refund(charge_id="ch_refundable", idempotency_key="order-9204-refund")

    assert refund.charge_id == "ch_refundable"
    assert refund.refund_id.startswith("re_")
