"""User journeys through the whole system: every service, its worker and relay, one broker."""

import signal
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from microshop_testing.polling import wait_until


def test_a_customer_registers_orders_and_is_told_when_the_order_is_confirmed(shop):
    customer = shop.register()
    product = shop.create_product(stock=5, price="12.50")

    placed = shop.place_order(
        customer, [{"product_id": product["id"], "quantity": 2, "price": "0.01"}], idempotency_key="first-order"
    )
    again = shop.place_order(customer, [{"product_id": product["id"], "quantity": 2}], idempotency_key="first-order")

    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "pending"
    assert Decimal(order["total"]) == Decimal("25.00")  # inventory's price, not the one sent
    assert again.status_code == 200, again.text  # the same order, found again: nothing created
    assert again.json()["id"] == order["id"]
    assert shop.wait_for_order(customer, order["id"])["status"] == "confirmed"
    assert shop.product(product["id"])["stock_quantity"] == 3
    notification = wait_until(
        lambda: next((n for n in shop.notifications(customer) if n["type"] == "order_confirmed"), None),
        timeout=30,
        message="the order confirmation",
    )
    assert str(order["id"]) in notification["message"]


def test_a_wrong_password_is_refused(shop):
    customer = shop.register()

    assert shop.login(customer.username, "not-the-password").status_code == 401


def test_an_order_larger_than_the_stock_is_refused_and_changes_nothing(shop):
    customer = shop.register()
    product = shop.create_product(stock=3)

    response = shop.place_order(customer, [{"product_id": product["id"], "quantity": 4}])

    assert response.status_code == 400
    assert "insufficient inventory" in response.text.lower()
    assert shop.product(product["id"])["stock_quantity"] == 3


def test_an_order_for_an_unknown_product_is_404(shop):
    customer = shop.register()

    response = shop.place_order(customer, [{"product_id": 987654321, "quantity": 1}])

    assert response.status_code == 404
    assert response.json()["code"] == "PRODUCT_NOT_FOUND"


def test_another_customer_cannot_read_my_order(shop):
    owner, stranger = shop.register(), shop.register()
    product = shop.create_product(stock=2)
    order = shop.placed_order(owner, [{"product_id": product["id"], "quantity": 1}])

    assert shop.order(stranger, order["id"]).status_code == 403


def test_cancelling_a_confirmed_order_gives_the_stock_back(shop):
    customer = shop.register()
    product = shop.create_product(stock=4)
    order = shop.placed_order(customer, [{"product_id": product["id"], "quantity": 3}])
    shop.wait_for_order(customer, order["id"], {"confirmed"})

    response = shop.cancel(customer, order["id"])

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    wait_until(lambda: shop.product(product["id"])["stock_quantity"] == 4, timeout=30, message="the stock to come back")


def test_forty_orders_from_eight_customers_racing_for_ten_units_get_exactly_ten_confirmed(shop):
    product = shop.create_product(stock=10)
    # Eight customers with five orders each keep eight orders in flight at once, as forty
    # customers would, for a fifth of the sign-ups: each costs two password hashes at
    # production cost, about 0.65 s of CPU apiece on a 2-core machine.
    racers = [shop.register("racer") for _ in range(8)]
    customers = [racer for racer in racers for _ in range(5)]

    with ThreadPoolExecutor(max_workers=len(racers)) as pool:
        responses = list(
            pool.map(lambda c: shop.place_order(c, [{"product_id": product["id"], "quantity": 1}]), customers)
        )

    accepted = [(c, r.json()) for c, r in zip(customers, responses, strict=True) if r.status_code == 201]
    refused = [r for r in responses if r.status_code != 201]
    assert all(r.status_code == 400 and "insufficient inventory" in r.text.lower() for r in refused)
    finals = [shop.wait_for_order(c, order["id"])["status"] for c, order in accepted]
    assert finals.count("confirmed") == 10
    assert set(finals) <= {"confirmed", "rejected"}
    assert shop.product(product["id"])["stock_quantity"] == 0


def test_orders_wait_while_inventory_is_down_and_complete_when_it_is_back(shop, live_system):
    first, second = shop.register(), shop.register()
    product = shop.create_product(stock=1)
    live_system.stop_process("inventory-worker", signal.SIGKILL)
    try:
        # Both pass the synchronous stock check: nothing has been reserved yet.
        early = shop.placed_order(first, [{"product_id": product["id"], "quantity": 1}])
        late = shop.placed_order(second, [{"product_id": product["id"], "quantity": 1}])
        still = shop.order(first, early["id"])
        assert still.status_code == 200, still.text
        assert still.json()["status"] == "pending"
    finally:
        live_system.start_process("inventory-worker")

    # One unit for two orders: the one whose order.placed inventory handles first gets it.
    # That is the first placed only while nothing is retried (a retried event goes back to
    # the end of the queue), so the journey asks for one of each, whichever it is.
    settled = {
        order["status"]: order
        for order in (shop.wait_for_order(first, early["id"]), shop.wait_for_order(second, late["id"]))
    }
    assert set(settled) == {"confirmed", "rejected"}
    assert "insufficient inventory" in settled["rejected"]["rejection_reason"]
    assert shop.product(product["id"])["stock_quantity"] == 0


def test_orders_are_confirmed_within_seconds_of_being_placed(shop, order_latencies):
    customer = shop.register()
    product = shop.create_product(stock=100)

    for _ in range(10):
        started = time.monotonic()
        order = shop.placed_order(customer, [{"product_id": product["id"], "quantity": 1}])
        shop.wait_for_order(customer, order["id"], {"confirmed"}, interval=0.02)
        order_latencies.append(time.monotonic() - started)

    # A budget, not a benchmark: generous enough for a loaded CI machine.
    assert max(order_latencies) < 10
