"""Journeys with payment: the card token decides, and every outcome leaves stock and money right.

The sandbox tokens are the provider's: ``tok_visa`` is charged, ``tok_chargeDeclined`` is
declined, ``tok_processingError`` fails once and is charged when payments retries. The fake
provider keeps every charge it made, so a journey can count them.
"""

import signal
from decimal import Decimal

import pytest

from microshop_testing.polling import wait_until


def notification_of(shop, customer, kind: str) -> dict:
    return wait_until(
        lambda: next((n for n in shop.notifications(customer) if n["type"] == kind), None),
        timeout=30,
        message=f"a {kind} notification",
    )


def test_a_paid_order_is_confirmed_and_charged_once(shop):
    customer = shop.register()
    product = shop.create_product(stock=5, price="12.50")

    order = shop.placed_order(customer, [{"product_id": product["id"], "quantity": 2}], payment_method="tok_visa")

    assert shop.wait_for_order(customer, order["id"])["status"] == "confirmed"
    payment = shop.payment_of(customer, order["id"])
    assert payment["status"] == "succeeded"
    assert Decimal(payment["amount"]) == Decimal("25.00")
    assert [charge["amount"] for charge in shop.charges_at_provider(order["id"])] == [2500]
    assert shop.product(product["id"])["stock_quantity"] == 3


def test_a_declined_card_rejects_the_order_gives_the_stock_back_and_tells_the_customer(shop):
    customer = shop.register()
    product = shop.create_product(stock=5)

    order = shop.placed_order(
        customer, [{"product_id": product["id"], "quantity": 2}], payment_method="tok_chargeDeclined"
    )

    rejected = shop.wait_for_order(customer, order["id"])
    assert rejected["status"] == "rejected"
    assert "declined" in rejected["rejection_reason"]
    wait_until(lambda: shop.product(product["id"])["stock_quantity"] == 5, timeout=30, message="the stock to come back")
    assert str(order["id"]) in notification_of(shop, customer, "payment_failed")["message"]
    assert shop.charges_at_provider(order["id"]) == []


def test_a_card_that_fails_once_is_charged_on_the_retry_and_only_once(shop):
    customer = shop.register()
    product = shop.create_product(stock=5)

    order = shop.placed_order(
        customer, [{"product_id": product["id"], "quantity": 1}], payment_method="tok_processingError"
    )

    assert shop.wait_for_order(customer, order["id"])["status"] == "confirmed"
    assert len(shop.charges_at_provider(order["id"])) == 1


def test_cancelling_a_paid_order_refunds_it_and_gives_the_stock_back(shop):
    customer = shop.register()
    product = shop.create_product(stock=4, price="7.00")
    order = shop.placed_order(customer, [{"product_id": product["id"], "quantity": 3}], payment_method="tok_visa")
    shop.wait_for_order(customer, order["id"], {"confirmed"})

    response = shop.cancel(customer, order["id"])

    assert response.status_code == 200, response.text
    wait_until(lambda: shop.payment_of(customer, order["id"])["status"] == "refunded", timeout=30, message="the refund")
    wait_until(lambda: shop.product(product["id"])["stock_quantity"] == 4, timeout=30, message="the stock to come back")
    assert "21.00" in notification_of(shop, customer, "payment_refunded")["message"]
    [charge] = shop.charges_at_provider(order["id"])
    assert charge["refunded"] is True


def test_a_payments_worker_killed_mid_charge_charges_exactly_once(shop, live_system):
    if live_system.system.broker_url.startswith("filesystem://"):
        pytest.skip(
            "the embedded broker deletes a message as it hands it out, so a killed worker's message is gone; "
            "RabbitMQ gives it back, which is what this journey proves"
        )
    customer = shop.register()
    product = shop.create_product(stock=5)
    # The provider makes the charge, then takes its time to answer: the worker dies
    # between the charge and its record of it. The kill comes within a poll of the charge;
    # the restarted worker's retry, with the same key, waits out the rest of the delay.
    shop.slow_provider_down(seconds=3)
    try:
        order = shop.placed_order(customer, [{"product_id": product["id"], "quantity": 1}], payment_method="tok_visa")
        wait_until(
            lambda: shop.charges_at_provider(order["id"]), timeout=30, message="the charge to reach the provider"
        )
        live_system.stop_process("payments-worker", signal.SIGKILL)
    finally:
        shop.slow_provider_down(seconds=0)
        live_system.start_process("payments-worker")

    assert shop.wait_for_order(customer, order["id"], timeout=60)["status"] == "confirmed"
    assert len(shop.charges_at_provider(order["id"])) == 1
    assert shop.payment_of(customer, order["id"])["status"] == "succeeded"
