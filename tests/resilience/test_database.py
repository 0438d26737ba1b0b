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
    # The provider answers a charge a second after making it: the cut comes once the
    # charge is made, so the order's payment.succeeded reaches an orders worker with no
    # database, which retries until the order can be confirmed.
    shop.slow_provider_down(seconds=1)
    try:
        placed = tally.place(customer, line)
        assert placed.status_code == 201, placed.text
        order_id = placed.json()["id"]
        wait_until(lambda: shop.charges_at_provider(order_id), timeout=30, message="the charge to reach the provider")
        paths.orders_database.cut()
    finally:
        shop.slow_provider_down(seconds=0)
    refused = [tally.place(customer, line) for _ in range(3)]
    ready = readiness(shop, "orders")
    listing = shop.http.get(shop.url("orders", "/api/orders/"), headers=customer.headers, timeout=10)
    wait_until(
        lambda: shop.payment_of(customer, order_id)["status"] == "succeeded",
        timeout=30,
        message="the payment to succeed while orders has no database",
    )
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
