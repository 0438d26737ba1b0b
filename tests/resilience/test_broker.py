"""RabbitMQ out of reach in the middle of the order flow: the outboxes hold every event until it is back."""

import time


def test_orders_placed_while_the_broker_is_unreachable_are_all_confirmed_once_it_is_back(shop, paths, tally):
    customers = [shop.register() for _ in range(3)]
    product = shop.create_product(stock=100)
    line = [{"product_id": product["id"], "quantity": 1}]
    for customer in customers:
        assert tally.place(customer, line).status_code == 201

    paths.broker.cut()
    # Placing an order needs users and inventory over REST and orders' database, not the
    # broker: the order and its event are committed together, and the event waits.
    cut_until = time.monotonic() + 10
    while time.monotonic() < cut_until:
        for customer in customers:
            response = tally.place(customer, line)
            assert response.status_code == 201, response.text
        time.sleep(0.5)
    assert all(shop.order(c, order_id).json()["status"] == "pending" for c, order_id in tally.accepted[3:])
    paths.broker.restore()

    tally.settle(timeout=120)

    assert (tally.lost, tally.duplicated) == (0, 0), tally.summary()
    assert tally.confirmed == len(tally.accepted) > 3
    assert shop.product(product["id"])["stock_quantity"] == 100 - len(tally.accepted)
