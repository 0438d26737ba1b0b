import pytest

from microshop_testing.endpoints import assert_alive_and_ready
from tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db

FIELDS = {"id", "order_id", "user_id", "amount", "currency", "status", "failure_reason", "created_at", "updated_at"}


def test_a_customer_lists_their_own_payments_newest_first(client_for):
    older, newer = PaymentFactory(user_id=7), PaymentFactory(user_id=7)
    PaymentFactory(user_id=8)

    body = client_for(user_id=7).get("/api/payments/").json()

    assert body["count"] == 2
    assert [payment["id"] for payment in body["results"]] == [newer.pk, older.pk]


def test_staff_list_every_customer_s_payments_page_by_page(client_for):
    PaymentFactory.create_batch(21)

    staff = client_for(user_id=1, is_staff=True)
    first, second = staff.get("/api/payments/").json(), staff.get("/api/payments/", {"page": 2}).json()

    assert first["count"] == 21
    assert (len(first["results"]), len(second["results"])) == (20, 1)


def test_the_list_narrows_to_one_order_s_payment(client_for):
    wanted = PaymentFactory(user_id=7, order_id=9001)
    PaymentFactory(user_id=7, order_id=9002)

    body = client_for(user_id=7).get("/api/payments/", {"order_id": 9001}).json()

    assert [payment["id"] for payment in body["results"]] == [wanted.pk]


def test_a_customer_filtering_on_another_s_order_finds_nothing(client_for):
    PaymentFactory(user_id=8, order_id=9003)

    body = client_for(user_id=7).get("/api/payments/", {"order_id": 9003}).json()

    assert body["count"] == 0


def test_an_order_filter_that_is_not_an_id_is_a_field_error(client_for):
    response = client_for(user_id=7).get("/api/payments/", {"order_id": "abc"})

    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert set(response.json()["fields"]) == {"order_id"}


def test_a_customer_reads_their_payment_without_its_card_token(client_for):
    payment = PaymentFactory(user_id=7, order_id=9004, card_token="tok_visa")

    response = client_for(user_id=7).get(f"/api/payments/{payment.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert (body["order_id"], body["amount"], body["currency"]) == (9004, "25.00", "usd")
    assert body["status"] == "awaiting_stock"
    assert "tok_visa" not in response.content.decode()


def test_staff_read_any_payment(client_for):
    payment = PaymentFactory(user_id=7)

    response = client_for(user_id=1, is_staff=True).get(f"/api/payments/{payment.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == payment.pk


def test_another_customer_s_payment_is_a_404_as_if_it_did_not_exist(client_for):
    payment = PaymentFactory(user_id=7)

    response = client_for(user_id=8).get(f"/api/payments/{payment.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "PAYMENT_NOT_FOUND"


def test_an_unknown_payment_is_404_in_the_error_shape(client_for):
    response = client_for(user_id=7).get("/api/payments/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "Payment not found",
        "code": "PAYMENT_NOT_FOUND",
        "detail": "Payment with ID 999999 does not exist",
    }


@pytest.mark.parametrize("path", ["/api/payments/", "/api/payments/1/"])
def test_reading_payments_needs_a_token(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_no_other_service_s_token_is_trusted_here(client_for):
    # No service calls payments over REST, so payments holds no service's public key.
    response = client_for(service="orders").get("/api/payments/")

    assert response.status_code == 401


def test_health_and_readiness_answer(api_client):
    assert_alive_and_ready(api_client)


def test_the_openapi_document_is_served(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert {"/api/payments/", "/api/payments/{payment_id}/"} <= set(response.json()["paths"])
