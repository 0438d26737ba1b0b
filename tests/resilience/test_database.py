"""A service's database out of reach: it says so with 503s, takes nothing it cannot keep, and recovers."""

import time

import requests

from microshop_testing.polling import wait_until


def readiness(shop, service: str) -> requests.Response:
    return shop.http.get(shop.url(service, "/health/ready/"), timeout=10)


def test_orders_without_its_database_refuses_with_503_takes_no_order_and_recovers(shop, paths, tally):
    customer = shop.register()
    product = shop.create_product(stock=10)
    line = [{"product_id": product["id"], "quantity": 1}]
    # Placed just before the cut: its payment.succeeded reaches an orders worker with no
    # database, which retries until the order can be confirmed.
    assert tally.place(customer, line).status_code == 201

    paths.orders_database.cut()
    refused = [tally.place(customer, line) for _ in range(3)]
    ready = readiness(shop, "orders")
    listing = shop.http.get(shop.url("orders", "/api/orders/"), headers=customer.headers, timeout=10)
    time.sleep(3)
    paths.orders_database.restore()

    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] != "ok"
    for response in [*refused, listing]:
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "SERVICE_UNAVAILABLE"
        assert response.headers["Retry-After"]
    wait_until(lambda: readiness(shop, "orders").status_code == 200, timeout=30, message="orders to be ready again")
    assert tally.place(customer, line).status_code == 201
    tally.settle(timeout=90)

    assert (tally.lost, tally.duplicated, tally.refused) == (0, 0, 3), tally.summary()
    assert tally.confirmed == 2
    assert shop.product(product["id"])["stock_quantity"] == 8
    orders = shop.http.get(shop.url("orders", "/api/orders/"), headers=customer.headers, timeout=10).json()
    assert orders["count"] == 2
