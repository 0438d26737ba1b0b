"""Celery workers killed in the middle of the flow: a killed task is redelivered, a killed worker restarted."""

import signal
import threading
import time

import psutil

from microshop_testing.polling import wait_until

# The workers an order passes through, from order.placed to the customer being told.
WORKERS = ("inventory-worker", "payments-worker", "orders-worker", "notifications-worker")


def pool_processes(live_system, worker: str) -> list[psutil.Process]:
    """The processes a Celery worker forks to run its tasks (``--concurrency 1``: one)."""
    return psutil.Process(live_system.pid(worker)).children()


def test_worker_pool_processes_killed_mid_task_lose_nothing_and_do_nothing_twice(shop, live_system, tally):
    customers = [shop.register() for _ in range(4)]
    product = shop.create_product(stock=100)
    line = [{"product_id": product["id"], "quantity": 1}]
    placing = threading.Event()

    def place_orders() -> None:
        # Forty orders over about ten seconds, fewer than the stock: each one should be confirmed.
        until = time.monotonic() + 15
        while len(tally.accepted) + tally.refused < 40 and time.monotonic() < until:
            tally.place(customers[len(tally.accepted) % len(customers)], line)
            time.sleep(0.25)
        placing.set()

    placer = threading.Thread(target=place_orders)
    placer.start()
    kills = 0
    while not placing.is_set():
        for worker in WORKERS:
            for process in pool_processes(live_system, worker):
                process.send_signal(signal.SIGKILL)
                kills += 1
        time.sleep(0.7)
    placer.join()

    tally.settle(timeout=180)

    assert kills >= 20, f"only {kills} pool processes were killed"
    assert (tally.lost, tally.duplicated, tally.refused) == (0, 0, 0), tally.summary()
    assert tally.confirmed == len(tally.accepted) >= 30
    assert shop.product(product["id"])["stock_quantity"] == 100 - len(tally.accepted)


def test_a_pool_process_killed_mid_charge_gives_its_event_back_and_the_order_is_charged_once(shop, live_system, tally):
    customer = shop.register()
    product = shop.create_product(stock=5)
    worker = live_system.pid("payments-worker")
    # The provider makes the charge, then takes its time to answer: the pool process is
    # surely in the middle of its task when it dies, and the worker's main process, still
    # connected to RabbitMQ, decides what becomes of the message it holds. The kill comes
    # within a poll of the charge; the retry, with the same key, waits out the rest of the delay.
    shop.slow_provider_down(seconds=3)
    try:
        assert tally.place(customer, [{"product_id": product["id"], "quantity": 1}]).status_code == 201
        [(_, order_id)] = tally.accepted
        wait_until(lambda: shop.charges_at_provider(order_id), timeout=30, message="the charge to reach the provider")
        killed = pool_processes(live_system, "payments-worker")
        for process in killed:
            process.send_signal(signal.SIGKILL)
    finally:
        shop.slow_provider_down(seconds=0)

    tally.settle(timeout=60)

    assert killed
    assert live_system.pid("payments-worker") == worker, "the worker's main process lived on"
    assert (tally.lost, tally.duplicated) == (0, 0), tally.summary()
    assert tally.confirmed == 1
    assert shop.payment_of(customer, order_id)["status"] == "succeeded"


def test_a_worker_main_process_killed_is_restarted_and_its_queue_drained(shop, live_system, tally):
    customer = shop.register()
    product = shop.create_product(stock=10)
    line = [{"product_id": product["id"], "quantity": 1}]
    killed = live_system.pid("orders-worker")

    psutil.Process(killed).send_signal(signal.SIGKILL)
    for _ in range(3):
        assert tally.place(customer, line).status_code == 201

    restarted = wait_until(
        lambda: (pid := live_system.pid("orders-worker")) != killed and pid, timeout=30, message="a new orders worker"
    )
    tally.settle(timeout=90)

    assert psutil.Process(restarted).is_running()
    assert (tally.lost, tally.duplicated) == (0, 0), tally.summary()
    assert tally.confirmed == 3
    assert shop.product(product["id"])["stock_quantity"] == 7
