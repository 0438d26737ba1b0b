import pytest

from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_a_customer_reads_their_order_with_its_items(client_for):
    order = OrderFactory(user_id=7)

    response = client_for(user_id=7).get(f"/api/orders/{order.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["user_id"], body["status"], body["total"]) == (order.pk, 7, "pending", "25.00")
    [item] = order.items.all()
    assert body["items"] == [
        {
            "product_id": item.product_id,
            "product_name": item.product_name,
            "sku": item.sku,
            "quantity": 2,
            "unit_price": "12.50",
        }
    ]
    assert body["shipping_address"] == order.shipping_address


def test_another_customer_cannot_read_an_order(client_for):
    order = OrderFactory(user_id=7)

    response = client_for(user_id=8).get(f"/api/orders/{order.pk}/")

    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


def test_staff_read_any_order(client_for):
    order = OrderFactory(user_id=7)

    response = client_for(user_id=1, is_staff=True).get(f"/api/orders/{order.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == order.pk


def test_an_unknown_order_is_a_404_in_the_error_shape(client_for):
    response = client_for(user_id=7).get("/api/orders/987654/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "Order not found",
        "code": "ORDER_NOT_FOUND",
        "detail": "Order with ID 987654 does not exist",
    }


def test_an_order_id_beyond_64_bits_is_a_404_not_a_server_error(client_for):
    response = client_for(user_id=7).get(f"/api/orders/{2**70}/")

    assert response.status_code == 404


def test_reading_an_order_without_a_token_is_a_401(api_client):
    order = OrderFactory()

    response = api_client.get(f"/api/orders/{order.pk}/")

    assert response.status_code == 401


def test_a_customer_lists_only_their_own_orders_newest_first(client_for):
    older, newer = OrderFactory(user_id=7), OrderFactory(user_id=7)
    OrderFactory(user_id=8)

    body = client_for(user_id=7).get("/api/orders/").json()

    assert body["count"] == 2
    assert [order["id"] for order in body["results"]] == [newer.pk, older.pk]


def test_staff_list_every_customer_s_orders(client_for):
    OrderFactory(user_id=7)
    OrderFactory(user_id=8)

    body = client_for(user_id=1, is_staff=True).get("/api/orders/").json()

    assert {order["user_id"] for order in body["results"]} == {7, 8}


def test_orders_are_listed_twenty_a_page(client_for):
    OrderFactory.create_batch(21, user_id=7)

    first = client_for(user_id=7).get("/api/orders/").json()
    second = client_for(user_id=7).get("/api/orders/", {"page": 2}).json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (21, 20, 1)
    assert first["next"] is not None
    assert second["previous"] is not None


def test_a_customer_reads_their_orders_under_their_user(client_for):
    mine = OrderFactory(user_id=7)
    OrderFactory(user_id=8)

    body = client_for(user_id=7).get("/api/users/7/orders/").json()

    assert [order["id"] for order in body["results"]] == [mine.pk]


def test_another_customer_cannot_list_a_user_s_orders(client_for):
    OrderFactory(user_id=7)

    response = client_for(user_id=8).get("/api/users/7/orders/")

    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


def test_staff_list_one_customer_s_orders(client_for):
    theirs = OrderFactory(user_id=7)
    OrderFactory(user_id=8)

    body = client_for(user_id=1, is_staff=True).get("/api/users/7/orders/").json()

    assert [order["id"] for order in body["results"]] == [theirs.pk]


def test_the_openapi_document_describes_the_order_endpoints(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    paths = response.json()["paths"]
    assert {
        "/api/orders/",
        "/api/orders/{order_id}/",
        "/api/orders/{order_id}/cancel/",
        "/api/users/{user_id}/orders/",
    } <= set(paths)
    assert any(parameter["name"] == "Idempotency-Key" for parameter in paths["/api/orders/"]["post"]["parameters"])


def test_health_and_readiness_answer(api_client):
    assert api_client.get("/health/").json() == {"status": "ok"}
    assert api_client.get("/health/ready/").json()["checks"] == {"database": "ok", "broker": "ok"}
