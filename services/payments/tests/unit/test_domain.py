from decimal import Decimal

import pytest

from payments.domain import (
    InvalidStatusTransition,
    PaymentStatus,
    can_transition,
    charge_idempotency_key,
    ensure_transition,
    is_card_token,
    refund_idempotency_key,
    to_cents,
)

AWAITING_STOCK, SUCCEEDED, FAILED, REFUNDED, VOIDED = PaymentStatus
ALLOWED = {(AWAITING_STOCK, SUCCEEDED), (AWAITING_STOCK, FAILED), (AWAITING_STOCK, VOIDED), (SUCCEEDED, REFUNDED)}
EVERY_PAIR = [(current, target) for current in PaymentStatus for target in PaymentStatus]


@pytest.mark.parametrize(("current", "target"), EVERY_PAIR)
def test_a_payment_moves_only_along_the_four_allowed_transitions(current, target):
    assert can_transition(current, target) is ((current, target) in ALLOWED)


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_an_allowed_transition_gives_the_new_status(current, target):
    assert ensure_transition(current, target) == target


@pytest.mark.parametrize(("current", "target"), sorted(set(EVERY_PAIR) - ALLOWED))
def test_any_other_transition_is_refused_with_both_statuses_named(current, target):
    with pytest.raises(InvalidStatusTransition, match=f"from {current} to {target}"):
        ensure_transition(current, target)


def test_statuses_read_from_the_database_as_plain_strings_are_understood():
    assert ensure_transition("awaiting_stock", "voided") is VOIDED


@pytest.mark.parametrize(
    ("amount", "cents"), [("12.50", 1250), ("0.01", 1), ("0", 0), ("19.99", 1999), ("100000.00", 10_000_000)]
)
def test_an_amount_is_counted_in_whole_cents(amount, cents):
    assert to_cents(Decimal(amount)) == cents


def test_an_amount_with_a_fraction_of_a_cent_is_refused_rather_than_rounded():
    with pytest.raises(ValueError, match="whole number of cents"):
        to_cents(Decimal("12.505"))


@pytest.mark.parametrize("amount", ["-0.01", "NaN", "Infinity"])
def test_a_negative_or_non_finite_amount_is_refused(amount):
    with pytest.raises(ValueError, match="amount"):
        to_cents(Decimal(amount))


@pytest.mark.parametrize("token", ["tok_visa", "tok_chargeDeclined", "tok_processingError", "tok_" + "a" * 60])
def test_sandbox_card_tokens_are_recognised(token):
    assert is_card_token(token)


@pytest.mark.parametrize(
    "token",
    ["", "tok_", "visa", "4242424242424242", "tok_visa!", "tok visa", "TOK_visa", "tok_" + "a" * 61],
    ids=["empty", "prefix only", "no prefix", "a card number", "punctuation", "space", "upper-case prefix", "65 chars"],
)
def test_anything_else_is_not_a_card_token(token):
    assert not is_card_token(token)


def test_the_idempotency_keys_are_derived_from_the_order_so_a_redelivery_reuses_them():
    assert charge_idempotency_key(42) == "order-42-charge"
    assert refund_idempotency_key(42) == "order-42-refund"
