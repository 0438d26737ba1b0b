from decimal import Decimal

import jwt
import pytest
from django.conf import settings

from inventory.models import Product
from microshop_common.keys import private_key_path
from microshop_testing.endpoints import assert_alive_and_ready
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_anyone_can_browse_the_catalogue_page_by_page(api_client):
    ProductFactory.create_batch(25)

    first = api_client.get("/api/products/").json()
    second = api_client.get("/api/products/", {"page": 2}).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"] is not None
    assert first["previous"] is None
    assert len(second["results"]) == 5


def test_page_size_is_capped_at_a_hundred(api_client):
    ProductFactory.create_batch(101)

    response = api_client.get("/api/products/", {"page_size": 500})

    assert len(response.json()["results"]) == 100


def test_a_product_shows_its_price_as_a_decimal_string(api_client):
    product = ProductFactory(price=Decimal("12.50"), stock_quantity=7)

    body = api_client.get(f"/api/products/{product.pk}/").json()

    assert body["price"] == "12.50"
    assert body["stock_quantity"] == 7
    assert set(body) == {"id", "sku", "name", "description", "price", "stock_quantity", "created_at"}


def test_an_unknown_product_is_404_in_the_error_shape(api_client):
    response = api_client.get("/api/products/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "Product not found",
        "code": "PRODUCT_NOT_FOUND",
        "detail": "Product with ID 999999 does not exist",
    }


def test_staff_create_a_product(client_for):
    response = client_for(user_id=1, is_staff=True).post(
        "/api/products/", {"sku": "NEW-1", "name": "New", "price": "3.20", "stock_quantity": 4}
    )

    assert response.status_code == 201
    assert Product.objects.get(sku="NEW-1").stock_quantity == 4


def test_a_customer_cannot_create_a_product(client_for):
    response = client_for(user_id=5).post("/api/products/", {"sku": "X", "name": "X", "price": "1.00"})

    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert not Product.objects.filter(sku="X").exists()


def test_creating_a_product_without_a_token_is_401(api_client):
    response = api_client.post("/api/products/", {"sku": "X", "name": "X", "price": "1.00"})

    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_a_second_product_with_the_same_sku_is_a_field_error(client_for):
    ProductFactory(sku="DUP-1")

    response = client_for(user_id=1, is_staff=True).post(
        "/api/products/", {"sku": "DUP-1", "name": "X", "price": "1.00"}
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"sku"}


def test_a_negative_price_or_stock_is_a_field_error(client_for):
    response = client_for(user_id=1, is_staff=True).post(
        "/api/products/", {"sku": "NEG", "name": "X", "price": "-1.00", "stock_quantity": -2}
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"price", "stock_quantity"}


def test_staff_update_stock_and_price(client_for):
    product = ProductFactory(stock_quantity=1)

    response = client_for(user_id=1, is_staff=True).patch(
        f"/api/products/{product.pk}/", {"stock_quantity": 10, "price": "9.99"}
    )

    assert response.status_code == 200
    product.refresh_from_db()
    assert (product.stock_quantity, product.price) == (10, Decimal("9.99"))


def test_a_product_cannot_take_the_sku_of_another(client_for):
    ProductFactory(sku="TAKEN-1")
    product = ProductFactory(sku="MINE-1")

    response = client_for(user_id=1, is_staff=True).patch(f"/api/products/{product.pk}/", {"sku": "TAKEN-1"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"sku"}
    product.refresh_from_db()
    assert product.sku == "MINE-1"


def test_a_product_keeps_its_own_sku_when_it_is_sent_again(client_for):
    product = ProductFactory(sku="MINE-2")

    response = client_for(user_id=1, is_staff=True).patch(f"/api/products/{product.pk}/", {"sku": "MINE-2"})

    assert response.status_code == 200


def test_malformed_json_is_a_400_in_the_error_shape(client_for):
    response = client_for(user_id=1, is_staff=True).generic(
        "POST", "/api/products/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "MALFORMED_REQUEST"


def test_orders_reads_several_products_in_one_call(client_for):
    first, second, _ = ProductFactory.create_batch(3)

    response = client_for(service="orders").get("/api/internal/products/", {"ids": f"{second.pk},{first.pk},999999"})

    assert response.status_code == 200
    assert [product["id"] for product in response.json()] == [first.pk, second.pk]


def test_a_customer_token_cannot_reach_the_service_only_batch_endpoint(client_for):
    response = client_for(user_id=1, is_staff=True).get("/api/internal/products/", {"ids": "1"})

    assert response.status_code == 403


def test_a_service_inventory_does_not_trust_is_refused(client_for):
    response = client_for(service="notifications").get("/api/internal/products/", {"ids": "1"})

    assert response.status_code == 401
    assert response.json()["code"] == "AUTHENTICATION_FAILED"


def test_a_customer_token_not_signed_by_users_is_refused(api_client):
    # A well-formed staff token, but signed with orders' key instead of users'.
    forged = jwt.encode(
        {"token_type": "access", "user_id": 1, "is_staff": True, "iss": "users", "exp": 9999999999, "jti": "x"},
        private_key_path(settings.JWT_KEYS_DIR, "orders").read_text(),
        algorithm="RS256",
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")

    response = api_client.post("/api/products/", {"sku": "F", "name": "F", "price": "1.00"})

    assert response.status_code == 401
    assert not Product.objects.filter(sku="F").exists()


def test_health_and_readiness_answer(api_client):
    assert_alive_and_ready(api_client)


def test_the_openapi_document_is_served(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert "/api/products/" in response.json()["paths"]
