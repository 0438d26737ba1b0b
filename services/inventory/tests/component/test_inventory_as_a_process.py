"""Inventory as a black box: its API over HTTP, its events through the real broker.

The service runs as gunicorn, a Celery worker and the outbox relay, with production
settings. The test is orders (it publishes order events and reads stock events) and a
customer (it calls the API); nothing else of the system is running.
"""

import pytest
import requests
from celery import current_app

from microshop_testing.event_tap import EventTap
from microshop_testing.polling import wait_until
from microshop_testing.tokens import customer_token
from tests.events import order_cancelled, order_placed, payment_failed

pytestmark = pytest.mark.django_db(transaction=True)


def staff_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {customer_token(1, is_staff=True)}"}


def create_product(inventory, *, sku: str, stock: int) -> dict:
    response = requests.post(
        f"{inventory.url}/api/products/",
        json={"sku": sku, "name": sku, "price": "5.00", "stock_quantity": stock},
        headers=staff_headers(),
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()


def stock_of(inventory, product_id: int) -> int:
    return requests.get(f"{inventory.url}/api/products/{product_id}/", timeout=10).json()["stock_quantity"]


def test_the_catalogue_is_served_over_http(inventory):
    product = create_product(inventory, sku="PROC-1", stock=4)

    response = requests.get(f"{inventory.url}/api/products/{product['id']}/", timeout=10)

    assert response.status_code == 200
    assert response.json()["stock_quantity"] == 4


def test_an_order_placed_event_reserves_stock_and_stock_reserved_comes_out(inventory, event_publisher):
    product = create_product(inventory, sku="PROC-2", stock=5)

    with EventTap(current_app) as tap:
        event_publisher(order_placed(9001, (product["id"], 2)))
        reserved = tap.wait_for("stock.reserved", order_id=9001)

    assert reserved["producer"] == "inventory"
    assert reserved["data"]["items"] == [{"product_id": product["id"], "quantity": 2}]
    assert stock_of(inventory, product["id"]) == 3


def test_an_order_that_does_not_fit_is_rejected_and_takes_nothing(inventory, event_publisher):
    product = create_product(inventory, sku="PROC-3", stock=1)

    with EventTap(current_app) as tap:
        event_publisher(order_placed(9002, (product["id"], 2)))
        rejected = tap.wait_for("stock.rejected", order_id=9002)

    assert "insufficient inventory" in rejected["data"]["reason"]
    assert stock_of(inventory, product["id"]) == 1


def test_a_cancelled_order_gives_its_stock_back(inventory, event_publisher):
    product = create_product(inventory, sku="PROC-4", stock=3)
    with EventTap(current_app) as tap:
        event_publisher(order_placed(9003, (product["id"], 3)))
        tap.wait_for("stock.reserved", order_id=9003)

    event_publisher(order_cancelled(9003))

    wait_until(lambda: stock_of(inventory, product["id"]) == 3, message="the stock to come back")


def test_a_failed_payment_gives_the_order_s_stock_back(inventory, event_publisher):
    product = create_product(inventory, sku="PROC-5", stock=3)
    with EventTap(current_app) as tap:
        event_publisher(order_placed(9004, (product["id"], 3)))
        tap.wait_for("stock.reserved", order_id=9004)

    event_publisher(payment_failed(9004))

    wait_until(lambda: stock_of(inventory, product["id"]) == 3, message="the stock to come back")


def test_the_batch_endpoint_refuses_a_customer_token(inventory):
    response = requests.get(
        f"{inventory.url}/api/internal/products/", params={"ids": "1"}, headers=staff_headers(), timeout=10
    )

    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
