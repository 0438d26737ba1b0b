"""The fake payment provider that ``make run``, the end-to-end tests and compose start: its
answers by card token, its idempotency and its test control, through its WSGI app."""

import threading

import pytest
from fake_payment_provider import FakePaymentProvider
from werkzeug.test import Client


@pytest.fixture
def provider() -> Client:
    return Client(FakePaymentProvider())


def charge(provider: Client, *, source: str = "tok_visa", key: str = "order-7-charge", order_id: str = "7"):
    body = {"amount": 1250, "currency": "usd", "source": source, "metadata": {"order_id": order_id}}
    return provider.post("/v1/charges", json=body, headers={"Idempotency-Key": key})


def test_tok_visa_is_charged(provider):
    response = charge(provider)

    assert response.status_code == 200
    body = response.get_json()
    assert body["id"].startswith("ch_")
    assert (body["object"], body["status"], body["amount"], body["currency"]) == ("charge", "succeeded", 1250, "usd")
    assert body["metadata"] == {"order_id": "7"}


def test_tok_charge_declined_is_declined_with_a_card_error(provider):
    response = charge(provider, source="tok_chargeDeclined")

    assert response.status_code == 402
    assert response.get_json()["error"] == {
        "type": "card_error",
        "code": "card_declined",
        "message": "Your card was declined.",
    }


def test_tok_processing_error_fails_once_per_key_and_is_charged_on_the_retry(provider):
    first = charge(provider, source="tok_processingError")
    retry = charge(provider, source="tok_processingError")
    other_key = charge(provider, source="tok_processingError", key="order-8-charge", order_id="8")

    assert first.status_code == 500
    assert first.get_json()["error"]["code"] == "processing_error"
    assert retry.status_code == 200
    assert other_key.status_code == 500


def test_an_unknown_token_is_refused_without_being_repeated(provider):
    response = charge(provider, source="tok_stolenCard")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "resource_missing"
    assert "tok_stolenCard" not in response.get_data(as_text=True)


def test_the_same_key_replays_the_first_answer_and_charges_nothing_more(provider):
    first = charge(provider)
    again = charge(provider)

    assert again.get_json() == first.get_json()
    assert len(provider.get("/v1/charges", query_string={"order_id": "7"}).get_json()["data"]) == 1


def test_a_decline_is_replayed_too(provider):
    charge(provider, source="tok_chargeDeclined")

    assert charge(provider, source="tok_visa").status_code == 402


def test_a_charge_without_an_idempotency_key_is_refused(provider):
    response = provider.post("/v1/charges", json={"amount": 1, "currency": "usd", "source": "tok_visa"})

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "idempotency_key_missing"


@pytest.mark.parametrize(
    "body",
    [{"amount": "12.50", "currency": "usd", "source": "tok_visa"}, {"amount": 1250, "source": "tok_visa"}, []],
    ids=["amount not in cents", "currency missing", "not an object"],
)
def test_a_charge_it_cannot_read_is_refused(provider, body):
    response = provider.post("/v1/charges", json=body, headers={"Idempotency-Key": "k"})

    assert response.status_code == 400


def test_charges_are_listed_by_order(provider):
    charge(provider, key="a", order_id="7")
    charge(provider, key="b", order_id="8")

    listed = provider.get("/v1/charges", query_string={"order_id": "7"}).get_json()

    assert listed["object"] == "list"
    assert [item["metadata"]["order_id"] for item in listed["data"]] == ["7"]


def test_a_charge_is_refunded_once(provider):
    charge_id = charge(provider).get_json()["id"]

    refund = provider.post("/v1/refunds", json={"charge": charge_id}, headers={"Idempotency-Key": "order-7-refund"})
    again = provider.post("/v1/refunds", json={"charge": charge_id}, headers={"Idempotency-Key": "order-7-refund"})
    other_key = provider.post("/v1/refunds", json={"charge": charge_id}, headers={"Idempotency-Key": "x"})

    assert refund.status_code == 200
    assert (refund.get_json()["object"], refund.get_json()["charge"], refund.get_json()["amount"]) == (
        "refund",
        charge_id,
        1250,
    )
    assert again.get_json() == refund.get_json()
    assert other_key.get_json()["error"]["code"] == "charge_already_refunded"


def test_a_refund_of_an_unknown_charge_is_refused(provider):
    response = provider.post("/v1/refunds", json={"charge": "ch_nope"}, headers={"Idempotency-Key": "k"})

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "resource_missing"


def test_the_delay_control_holds_later_charges_back(provider):
    assert provider.post("/_fake/delay", json={"seconds": 0.2}).get_json() == {"seconds": 0.2}

    answered = []
    thread = threading.Thread(target=lambda: answered.append(charge(provider).status_code))
    thread.start()
    thread.join(timeout=0.1)

    assert answered == []
    thread.join()
    assert answered == [200]


def test_a_slow_charge_is_made_before_it_is_answered(provider):
    provider.post("/_fake/delay", json={"seconds": 0.3})

    thread = threading.Thread(target=charge, args=(provider,))
    thread.start()
    thread.join(timeout=0.1)

    # A client that died now would find the card charged, as with a lost answer.
    assert len(provider.get("/v1/charges", query_string={"order_id": "7"}).get_json()["data"]) == 1
    thread.join()


@pytest.mark.parametrize("seconds", [-1, "soon", 61, True])
def test_a_delay_that_is_not_a_sensible_number_of_seconds_is_refused(provider, seconds):
    assert provider.post("/_fake/delay", json={"seconds": seconds}).status_code == 400


def test_two_tries_with_one_key_at_once_charge_once(provider):
    provider.post("/_fake/delay", json={"seconds": 0.1})
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(charge(provider).get_json())) for _ in range(2)]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers[0] == answers[1]
    assert len(provider.get("/v1/charges", query_string={"order_id": "7"}).get_json()["data"]) == 1


def test_unknown_paths_and_methods_are_answered_in_the_error_shape(provider):
    assert provider.get("/v1/customers").status_code == 404
    assert provider.delete("/v1/charges").status_code == 405


def test_a_charge_seeded_under_a_known_id_can_be_refunded(provider):
    seeded = provider.post("/_fake/charges", json={"id": "ch_known", "amount": 1250, "order_id": 7})

    refund = provider.post("/v1/refunds", json={"charge": "ch_known"}, headers={"Idempotency-Key": "order-7-refund"})

    assert seeded.status_code == 200
    assert (refund.status_code, refund.get_json()["charge"], refund.get_json()["amount"]) == (200, "ch_known", 1250)


@pytest.mark.parametrize("seed", [{"id": "re_1", "amount": 1}, {"id": "ch_1", "amount": -1}, {"amount": 1}])
def test_a_seeded_charge_needs_a_charge_id_and_an_amount_in_cents(provider, seed):
    assert provider.post("/_fake/charges", json=seed).status_code == 400
