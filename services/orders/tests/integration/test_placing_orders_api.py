"""``POST /api/orders/`` end to end: DRF's client in, users and inventory answered over HTTP by stubs."""

import logging
from decimal import Decimal

import pytest

from microshop_common.events.models import OutboxEvent
from orders.models import Order
from tests.factories import ProductInfoFactory, UserAccountFactory, order_request

pytestmark = pytest.mark.django_db

ADDRESS = {"street": "1 Main St", "city": "Springfield", "state": "IL", "zip_code": "62701", "country": "US"}

ORDER_FIELDS = {
    "id",
    "user_id",
    "status",
    "items",
    "total",
    "shipping_address",
    "rejection_reason",
    "created_at",
    "updated_at",
}


@pytest.fixture
def customer(users_stub):
    return users_stub.has(UserAccountFactory())


@pytest.fixture
def mug(inventory_stub):
    mug = ProductInfoFactory(name="Test-driven mug", sku="MUG-001", price=Decimal("12.50"), stock_quantity=10)
    inventory_stub.has(mug)
    return mug


def test_a_customer_places_an_order_priced_by_inventory(client_for, customer, inventory_stub, mug):
    tee = ProductInfoFactory(sku="TEE-002", price=Decimal("24.00"))
    inventory_stub.has(tee)
    payload = order_request((mug.product_id, 2), (tee.product_id, 1))

    response = client_for(user_id=customer.id).post("/api/orders/", payload)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["user_id"] == customer.id
    assert body["total"] == "49.00"
    assert body["shipping_address"] == payload["shipping_address"]
    assert body["items"] == [
        {
            "product_id": mug.product_id,
            "product_name": "Test-driven mug",
            "sku": "MUG-001",
            "quantity": 2,
            "unit_price": "12.50",
        },
        {
            "product_id": tee.product_id,
            "product_name": tee.name,
            "sku": "TEE-002",
            "quantity": 1,
            "unit_price": "24.00",
        },
    ]
    assert set(body) == ORDER_FIELDS
    assert Order.objects.get(pk=body["id"]).total == Decimal("49.00")


def test_inventory_is_asked_once_for_every_product_of_the_order(client_for, customer, inventory_stub, mug):
    others = ProductInfoFactory.create_batch(3)
    inventory_stub.has(*others)
    lines = [(mug.product_id, 1), *((product.product_id, 1) for product in others)]

    client_for(user_id=customer.id).post("/api/orders/", order_request(*lines))

    [request] = inventory_stub.requests
    assert request.params["ids"] == ",".join(str(product_id) for product_id, _ in sorted(lines))


def test_a_price_and_a_user_id_sent_by_the_client_are_ignored(client_for, customer, users_stub, mug):
    # A customer users knows too: an order in their name would be placed, not refused with USER_NOT_FOUND.
    someone_else = users_stub.has(UserAccountFactory())
    payload = order_request(user_id=someone_else.id)
    payload["items"] = [{"product_id": mug.product_id, "quantity": 2, "unit_price": "0.01", "price": "0.01"}]

    response = client_for(user_id=customer.id).post("/api/orders/", payload)

    assert response.status_code == 201
    assert response.json()["user_id"] == customer.id
    assert response.json()["items"][0]["unit_price"] == "12.50"
    assert response.json()["total"] == "25.00"


def test_two_lines_for_the_same_product_become_one_item(client_for, customer, mug):
    response = client_for(user_id=customer.id).post(
        "/api/orders/", order_request((mug.product_id, 1), (mug.product_id, 2))
    )

    assert response.status_code == 201
    assert [(item["product_id"], item["quantity"]) for item in response.json()["items"]] == [(mug.product_id, 3)]


def test_placing_an_order_publishes_order_placed_with_its_lines_total_and_payment_method(
    client_for, customer, mug, published_events
):
    payload = order_request((mug.product_id, 3), payment_method="tok_chargeDeclined")

    response = client_for(user_id=customer.id).post("/api/orders/", payload)

    assert response.status_code == 201
    [event] = published_events("order.placed")
    assert event["producer"] == "orders"
    assert event["data"] == {
        "order_id": response.json()["id"],
        "user_id": customer.id,
        "items": [{"product_id": mug.product_id, "quantity": 3, "unit_price": "12.50"}],
        "total": "37.50",
        "payment_method": "tok_chargeDeclined",
    }


def test_the_payment_method_is_kept_with_the_order_but_never_shown_or_logged(client_for, customer, mug, caplog):
    caplog.set_level(logging.DEBUG)

    response = client_for(user_id=customer.id).post(
        "/api/orders/", order_request((mug.product_id, 1), payment_method="tok_visa_secret_9")
    )

    assert response.status_code == 201
    assert Order.objects.get(pk=response.json()["id"]).payment_method == "tok_visa_secret_9"
    assert "tok_visa_secret_9" not in response.content.decode()
    assert "tok_visa_secret_9" not in caplog.text


def test_the_same_idempotency_key_returns_the_first_order_with_200(client_for, customer, inventory_stub, mug):
    client = client_for(user_id=customer.id)
    payload = order_request((mug.product_id, 1))

    first = client.post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="checkout-42")
    second = client.post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="checkout-42")

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert Order.objects.filter(user_id=customer.id).count() == 1
    assert OutboxEvent.objects.filter(event_type="order.placed").count() == 1
    assert len(inventory_stub.requests) == 1


def test_a_price_sent_only_the_second_time_does_not_make_a_retry_a_different_request(client_for, customer, mug):
    client = client_for(user_id=customer.id)
    payload = order_request((mug.product_id, 1))
    with_a_price = {**payload, "items": [{"product_id": mug.product_id, "quantity": 1, "price": "0.01"}]}

    first = client.post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="checkout-43")
    second = client.post("/api/orders/", with_a_price, HTTP_IDEMPOTENCY_KEY="checkout-43")

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    "change",
    [
        {"items": [{"product_id": 1, "quantity": 2}]},
        {"items": [{"product_id": 1, "quantity": 1}, {"product_id": 2, "quantity": 1}]},
        {
            "shipping_address": {
                "street": "2 Other St",
                "city": "Springfield",
                "state": "IL",
                "zip_code": "62701",
                "country": "US",
            }
        },
        {"payment_method": "tok_chargeDeclined"},
    ],
    ids=["another quantity", "another item", "another address", "another payment method"],
)
def test_the_same_idempotency_key_with_a_different_body_is_a_422_and_places_nothing(
    client_for, customer, inventory_stub, published_events, change
):
    inventory_stub.has(ProductInfoFactory(product_id=1), ProductInfoFactory(product_id=2))
    client = client_for(user_id=customer.id)
    payload = order_request((1, 1), shipping_address=ADDRESS)
    first = client.post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="checkout-44")

    second = client.post("/api/orders/", {**payload, **change}, HTTP_IDEMPOTENCY_KEY="checkout-44")

    assert (first.status_code, second.status_code) == (201, 422)
    assert second.json() == {
        "error": "Idempotency key reused",
        "code": "IDEMPOTENCY_KEY_REUSED",
        "detail": "This idempotency key was already used for a different order; "
        "send a new key to place another order, or the first request unchanged to get its order",
    }
    assert list(Order.objects.filter(user_id=customer.id).values_list("id", flat=True)) == [first.json()["id"]]
    assert [event["data"]["order_id"] for event in published_events("order.placed")] == [first.json()["id"]]


def test_the_first_request_sent_again_after_a_refused_one_still_gets_its_order(client_for, customer, mug):
    client = client_for(user_id=customer.id)
    payload = order_request((mug.product_id, 1))
    first = client.post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="checkout-45")
    refused = client.post(
        "/api/orders/", {**payload, "payment_method": "tok_chargeDeclined"}, HTTP_IDEMPOTENCY_KEY="checkout-45"
    )

    again = client.post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="checkout-45")

    assert (first.status_code, refused.status_code) == (201, 422)
    assert (again.status_code, again.json()) == (200, first.json())


def test_two_customers_using_the_same_idempotency_key_get_an_order_each(client_for, users_stub, mug):
    ada, bob = users_stub.has(UserAccountFactory()), users_stub.has(UserAccountFactory())
    payload = order_request((mug.product_id, 1))

    for_ada = client_for(user_id=ada.id).post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="same-key")
    for_bob = client_for(user_id=bob.id).post("/api/orders/", payload, HTTP_IDEMPOTENCY_KEY="same-key")

    assert (for_ada.status_code, for_bob.status_code) == (201, 201)
    assert for_ada.json()["id"] != for_bob.json()["id"]


def test_requests_without_an_idempotency_key_each_place_an_order(client_for, customer, mug):
    client = client_for(user_id=customer.id)

    client.post("/api/orders/", order_request((mug.product_id, 1)))
    client.post("/api/orders/", order_request((mug.product_id, 1)))

    assert Order.objects.filter(user_id=customer.id).count() == 2


@pytest.mark.parametrize("key", ["", "k" * 256], ids=["empty", "too long"])
def test_an_unusable_idempotency_key_is_a_400(client_for, customer, mug, key):
    response = client_for(user_id=customer.id).post(
        "/api/orders/", order_request((mug.product_id, 1)), HTTP_IDEMPOTENCY_KEY=key
    )

    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_IDEMPOTENCY_KEY"
    assert not Order.objects.exists()


def test_an_unknown_product_is_a_404_naming_it(client_for, customer, mug):
    response = client_for(user_id=customer.id).post("/api/orders/", order_request((mug.product_id, 1), (999999, 1)))

    assert response.status_code == 404
    assert response.json() == {
        "error": "Product not found",
        "code": "PRODUCT_NOT_FOUND",
        "detail": "Product with ID 999999 does not exist",
    }
    assert not Order.objects.exists()


def test_more_than_the_stock_on_hand_is_a_400_insufficient_inventory(client_for, customer, mug):
    response = client_for(user_id=customer.id).post("/api/orders/", order_request((mug.product_id, 11)))

    assert response.status_code == 400
    body = response.json()
    assert (body["error"], body["code"]) == ("Insufficient inventory", "INSUFFICIENT_INVENTORY")
    assert "insufficient inventory" in body["detail"]
    assert not Order.objects.exists()


def test_an_inactive_customer_cannot_order(client_for, users_stub, mug):
    dormant = users_stub.has(UserAccountFactory(is_active=False))

    response = client_for(user_id=dormant.id).post("/api/orders/", order_request((mug.product_id, 1)))

    assert response.status_code == 403
    assert response.json()["code"] == "USER_INACTIVE"
    assert not Order.objects.exists()


def test_malformed_json_is_a_400_in_the_error_shape(client_for, customer):
    response = client_for(user_id=customer.id).generic(
        "POST", "/api/orders/", '{"items": [', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "MALFORMED_REQUEST"


def test_a_missing_shipping_field_is_a_field_error(client_for, customer, mug):
    payload = order_request((mug.product_id, 1))
    del payload["shipping_address"]["zip_code"]

    response = client_for(user_id=customer.id).post("/api/orders/", payload)

    assert response.status_code == 400
    assert response.json()["fields"] == {"shipping_address": {"zip_code": ["This field is required."]}}


def test_a_quantity_of_zero_is_a_field_error(client_for, customer, mug):
    response = client_for(user_id=customer.id).post("/api/orders/", order_request((mug.product_id, 0)))

    assert response.status_code == 400
    # Errors of a list are keyed by the index of the line they belong to.
    assert response.json()["fields"] == {
        "items": {"0": {"quantity": ["Ensure this value is greater than or equal to 1."]}}
    }


def test_an_order_without_a_payment_method_is_a_400_naming_it(client_for, customer, mug):
    payload = order_request((mug.product_id, 1))
    del payload["payment_method"]

    response = client_for(user_id=customer.id).post("/api/orders/", payload)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert body["fields"] == {"payment_method": ["This field is required."]}
    assert not Order.objects.exists()


@pytest.mark.parametrize("token", ["4242424242424242", "tok_", "tok_" + "x" * 61, 42], ids=str)
def test_a_payment_method_that_is_no_card_token_is_a_400_naming_it(client_for, customer, mug, token):
    response = client_for(user_id=customer.id).post(
        "/api/orders/", order_request((mug.product_id, 1), payment_method=token)
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert set(body["fields"]) == {"payment_method"}
    assert body["detail"].startswith("payment_method: ")
    assert not Order.objects.exists()


def test_an_order_without_lines_is_a_field_error(client_for, customer):
    response = client_for(user_id=customer.id).post("/api/orders/", order_request())

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"items"}


def test_inventory_down_is_a_503_and_nothing_is_saved(client_for, customer, inventory_stub, mug):
    inventory_stub.goes_down()

    response = client_for(user_id=customer.id).post("/api/orders/", order_request((mug.product_id, 1)))

    assert response.status_code == 503
    assert response.json()["code"] == "INVENTORY_UNAVAILABLE"
    assert not Order.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_inventory_answering_too_slowly_is_a_503(client_for, customer, inventory_stub, mug):
    inventory_stub.answers_slowly()

    response = client_for(user_id=customer.id).post("/api/orders/", order_request((mug.product_id, 1)))

    assert response.status_code == 503
    assert response.json()["code"] == "INVENTORY_UNAVAILABLE"


def test_users_failing_is_a_503_and_nothing_is_saved(client_for, customer, users_stub, mug):
    users_stub.fails_with(500)

    response = client_for(user_id=customer.id).post("/api/orders/", order_request((mug.product_id, 1)))

    assert response.status_code == 503
    assert response.json()["code"] == "USERS_UNAVAILABLE"
    assert not Order.objects.exists()


def test_placing_an_order_without_a_token_is_a_401(api_client):
    response = api_client.post("/api/orders/", order_request((1, 1)))

    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_another_service_cannot_place_an_order(client_for):
    response = client_for(service="inventory").post("/api/orders/", order_request((1, 1)))

    assert response.status_code == 401
    assert response.json()["code"] == "AUTHENTICATION_FAILED"
