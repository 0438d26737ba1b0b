"""A neighbour orders calls while placing an order, slow or down: 503, no order, no stock held."""

import time

import pytest

from microshop_testing.polling import wait_until


@pytest.mark.parametrize("neighbour", ["users", "inventory"])
@pytest.mark.parametrize("fault", ["stall", "cut"], ids=["slow", "down"])
def test_an_order_placed_while_a_neighbour_is_slow_or_down_is_refused_with_503_and_holds_nothing(
    shop, paths, tally, neighbour, fault
):
    customer = shop.register()
    product = shop.create_product(stock=5)
    line = [{"product_id": product["id"], "quantity": 2}]

    getattr(getattr(paths, neighbour), fault)()
    started = time.monotonic()
    response = tally.place(customer, line)
    waited = time.monotonic() - started
    getattr(paths, neighbour).restore()

    assert response.status_code == 503, response.text
    assert response.json()["code"] == f"{neighbour.upper()}_UNAVAILABLE"
    assert waited < 15, f"orders waited {waited:.1f}s for {neighbour}"
    listing = shop.http.get(shop.url("orders", "/api/orders/"), headers=customer.headers, timeout=10)
    assert listing.json()["count"] == 0
    # Nothing was reserved for the refused order, now or a little later.
    time.sleep(1)
    assert shop.product(product["id"])["stock_quantity"] == 5

    # And once the neighbour answers again, the same order goes through.
    wait_until(lambda: tally.place(customer, line).status_code == 201, timeout=20, interval=0.5, message="an order")
    tally.settle(timeout=60)
    assert (tally.lost, tally.duplicated) == (0, 0), tally.summary()
    assert shop.product(product["id"])["stock_quantity"] == 3
