import pytest

from payments.models import Item
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_anyone_can_list_the_items_page_by_page(api_client):
    ItemFactory.create_batch(25)

    first = api_client.get("/api/items/").json()
    second = api_client.get("/api/items/", {"page": 2}).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert len(second["results"]) == 5


def test_anyone_can_read_an_item(api_client):
    item = ItemFactory(name="Blue mug")

    body = api_client.get(f"/api/items/{item.pk}/").json()

    assert (body["id"], body["name"]) == (item.pk, "Blue mug")
    assert set(body) == {"id", "name", "created_at"}


def test_an_unknown_item_is_404_in_the_error_shape(api_client):
    response = api_client.get("/api/items/999999/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "Item not found",
        "code": "ITEM_NOT_FOUND",
        "detail": "Item with ID 999999 does not exist",
    }


def test_staff_create_an_item(client_for):
    response = client_for(user_id=1, is_staff=True).post("/api/items/", {"name": "  Blue   mug "})

    assert response.status_code == 201
    assert response.json()["name"] == "Blue mug"
    assert Item.objects.filter(pk=response.json()["id"], name="Blue mug").exists()


def test_a_customer_cannot_create_an_item(client_for):
    response = client_for(user_id=5).post("/api/items/", {"name": "Blue mug"})

    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert not Item.objects.exists()


def test_creating_an_item_without_a_token_is_401(api_client):
    response = api_client.post("/api/items/", {"name": "Blue mug"})

    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_a_name_another_item_has_is_409_in_the_error_shape(client_for):
    ItemFactory(name="Blue mug")

    response = client_for(user_id=1, is_staff=True).post("/api/items/", {"name": "Blue  mug"})

    assert response.status_code == 409
    assert response.json() == {
        "error": "Item exists",
        "code": "ITEM_EXISTS",
        "detail": "An item named 'Blue mug' already exists",
    }


def test_a_blank_name_is_a_field_error(client_for):
    response = client_for(user_id=1, is_staff=True).post("/api/items/", {"name": "  "})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"name"}


def test_health_and_readiness_answer(api_client):
    assert api_client.get("/health/").json() == {"status": "ok"}
    ready = api_client.get("/health/ready/")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_the_openapi_document_is_served(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert {"/api/items/", "/api/items/{item_id}/"} <= set(response.json()["paths"])
