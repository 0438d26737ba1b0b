import uuid
from decimal import Decimal

import pytest

from notifications.domain import (
    OrderCancelled,
    OrderConfirmed,
    OrderPlaced,
    OrderRejected,
    PaymentFailed,
    PaymentRefunded,
    UserRegistered,
    email_body,
    format_amount,
)

EVENT_ID = uuid.uuid4()


def test_a_new_user_is_welcomed_by_first_name():
    content = UserRegistered(EVENT_ID, user_id=7, username="ann", email="ann@example.com", first_name="Ann").content()

    assert content.subject == "Welcome to microshop"
    assert content.message == "Welcome to microshop, Ann! Your account ann is ready."


def test_a_new_user_without_a_first_name_is_welcomed_by_username():
    content = UserRegistered(EVENT_ID, user_id=7, username="ann", email="ann@example.com").content()

    assert content.message.startswith("Welcome to microshop, ann!")


def test_a_placed_order_names_the_order_and_its_total():
    content = OrderPlaced(EVENT_ID, user_id=7, order_id=42, total=Decimal("25.00")).content()

    assert content.subject == "We received your order #42"
    assert content.message.startswith("We received your order #42. Total: 25.00.")


def test_a_confirmed_order_names_the_order_and_its_total():
    content = OrderConfirmed(EVENT_ID, user_id=7, order_id=42, total=Decimal("25.00")).content()

    assert content.subject == "Your order #42 is confirmed"
    assert content.message == "Your order #42 is confirmed. Total: 25.00"


def test_a_rejected_order_gives_the_reason():
    content = OrderRejected(EVENT_ID, user_id=7, order_id=42, reason="insufficient inventory for product 3").content()

    assert content.subject == "Your order #42 could not be accepted"
    assert content.message == "Sorry, your order #42 was rejected. Reason: insufficient inventory for product 3"


def test_a_rejected_order_without_a_reason_still_reads_as_a_sentence():
    content = OrderRejected(EVENT_ID, user_id=7, order_id=42).content()

    assert content.message == "Sorry, your order #42 was rejected."


def test_a_cancelled_order_names_the_order():
    content = OrderCancelled(EVENT_ID, user_id=7, order_id=42).content()

    assert content.subject == "Your order #42 is cancelled"
    assert content.message == "Your order #42 is cancelled."


def test_a_failed_payment_names_the_order_and_the_reason():
    content = PaymentFailed(EVENT_ID, user_id=7, order_id=42, reason="Your card was declined.").content()

    assert content.subject == "The payment for your order #42 failed"
    assert content.message == "Sorry, we could not take the payment for your order #42. Reason: Your card was declined."


def test_a_failed_payment_without_a_reason_still_reads_as_a_sentence():
    content = PaymentFailed(EVENT_ID, user_id=7, order_id=42, reason="").content()

    assert content.message == "Sorry, we could not take the payment for your order #42."


def test_a_refund_names_the_order_and_the_amount():
    content = PaymentRefunded(EVENT_ID, user_id=7, order_id=42, amount=Decimal("25")).content()

    assert content.subject == "Your order #42 is refunded"
    assert content.message == "We refunded 25.00 for your cancelled order #42."


@pytest.mark.parametrize(
    ("cause", "expected_type"),
    [
        (UserRegistered(EVENT_ID, user_id=7, username="ann", email="ann@example.com"), "welcome"),
        (OrderPlaced(EVENT_ID, user_id=7, order_id=42, total=Decimal(1)), "order_placed"),
        (OrderConfirmed(EVENT_ID, user_id=7, order_id=42, total=Decimal(1)), "order_confirmed"),
        (OrderRejected(EVENT_ID, user_id=7, order_id=42), "order_rejected"),
        (OrderCancelled(EVENT_ID, user_id=7, order_id=42), "order_cancelled"),
        (PaymentFailed(EVENT_ID, user_id=7, order_id=42, reason="declined"), "payment_failed"),
        (PaymentRefunded(EVENT_ID, user_id=7, order_id=42, amount=Decimal(1)), "payment_refunded"),
    ],
)
def test_each_event_gives_its_own_notification_type(cause, expected_type):
    assert cause.type == expected_type


@pytest.mark.parametrize(("amount", "shown"), [("25", "25.00"), ("12.5", "12.50"), ("0.99", "0.99")])
def test_amounts_always_show_cents(amount, shown):
    assert format_amount(Decimal(amount)) == shown


def test_the_email_body_is_the_message_signed_by_the_shop():
    assert email_body("Your order #42 is cancelled.") == "Your order #42 is cancelled.\n\nThe microshop team\n"
