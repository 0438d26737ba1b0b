"""Events delivered twice, out of order, or not fit to handle: nothing done twice, nothing lost."""

import json
import random

from broker_tools import EveryEventTwice, publish_event

from microshop_testing.polling import wait_until


def test_every_event_delivered_twice_changes_nothing(shop, live_system, tally):
    customers = [shop.register() for _ in range(3)]
    product = shop.create_product(stock=50)
    system = live_system.system

    with EveryEventTwice(system.broker_url, system.exchange) as twice:
        for _ in range(3):
            for customer in customers:
                assert tally.place(customer, [{"product_id": product["id"], "quantity": 2}]).status_code == 201
        tally.settle(timeout=90)

    # Each order: placed, reserved, paid, confirmed, at least, each copied once.
    assert twice.copies >= 4 * len(tally.accepted)
    assert (tally.lost, tally.duplicated) == (0, 0), tally.summary()
    assert tally.confirmed == 9
    assert shop.product(product["id"])["stock_quantity"] == 50 - 2 * 9


def test_stock_reserved_after_order_cancelled_charges_nothing_and_gives_the_stock_back(shop, live_system):
    customer = shop.register()
    product = shop.create_product(stock=5)
    # Inventory sleeps through the order and its cancellation; when it wakes, it reserves,
    # and payments gets stock.reserved after order.cancelled.
    live_system.stop_process("inventory-worker")
    try:
        order = shop.placed_order(customer, [{"product_id": product["id"], "quantity": 2}])
        cancelled = shop.cancel(customer, order["id"])
    finally:
        live_system.start_process("inventory-worker")

    assert cancelled.status_code == 200, cancelled.text
    wait_until(
        lambda: (
            shop.product(product["id"])["stock_quantity"] == 5
            and shop.payment_of(customer, order["id"])["status"] == "voided"
        ),
        timeout=60,
        message="the stock to come back and the payment to be voided",
    )
    assert shop.order(customer, order["id"]).json()["status"] == "cancelled"
    assert shop.charges_at_provider(order["id"]) == []


def test_a_poison_message_is_dead_lettered_listed_and_replayed_once_corrected(shop, live_system, tmp_path):
    system = live_system.system
    user_id = random.randint(10**8, 10**9)
    poison = publish_event(
        system.broker_url,
        system.exchange,
        "user.registered",
        {"user_id": user_id, "username": "mallory", "email": "not an address"},
    )
    event_id = poison["event_id"]

    listed = wait_until(
        lambda: event_id in (out := live_system.manage("notifications", "dead_letters", "list").stdout) and out,
        timeout=30,
        message="the poison message among the dead letters",
    )
    dead_letter_id = next(line.split()[0] for line in listed.splitlines() if event_id in line)
    shown = live_system.manage("notifications", "dead_letters", "show", dead_letter_id)
    assert shown.returncode == 0, shown.stderr
    assert "email" in shown.stdout

    corrected = {**poison, "data": {**poison["data"], "email": "mallory@example.com"}}
    fixed = tmp_path / "corrected.json"
    fixed.write_text(json.dumps(corrected))
    replayed = live_system.manage("notifications", "dead_letters", "replay", dead_letter_id, "--payload", str(fixed))
    again = live_system.manage("notifications", "dead_letters", "replay", dead_letter_id, "--payload", str(fixed))

    assert replayed.returncode == 0, replayed.stderr
    assert again.returncode != 0
    staff = shop.staff()
    welcome = wait_until(
        lambda: shop.http.get(
            shop.url("notifications", f"/api/users/{user_id}/notifications/"), headers=staff.headers, timeout=10
        ).json()["results"],
        timeout=30,
        message="the replayed welcome",
    )
    assert [(n["type"], "mallory" in n["message"]) for n in welcome] == [("welcome", True)]
    assert event_id not in live_system.manage("notifications", "dead_letters", "list").stdout
