from decimal import Decimal

import pytest

from orders.domain import (
    InsufficientInventory,
    InvalidStatusTransition,
    OrderLine,
    OrderStatus,
    PricedLine,
    ShippingAddress,
    UnknownProduct,
    can_transition,
    check_availability,
    ensure_transition,
    merge_lines,
    order_total,
    payment_failure_reason,
    price_lines,
    stock_or_payment_outcome_applies,
)
from tests.factories import ProductInfoFactory

PENDING, CONFIRMED, REJECTED, CANCELLED = OrderStatus
ALLOWED = {(PENDING, CONFIRMED), (PENDING, REJECTED), (PENDING, CANCELLED), (CONFIRMED, CANCELLED)}
EVERY_PAIR = [(current, target) for current in OrderStatus for target in OrderStatus]


@pytest.mark.parametrize(("current", "target"), EVERY_PAIR)
def test_an_order_moves_only_along_the_four_allowed_transitions(current, target):
    assert can_transition(current, target) is ((current, target) in ALLOWED)


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_an_allowed_transition_gives_the_new_status(current, target):
    assert ensure_transition(current, target) == target


@pytest.mark.parametrize(("current", "target"), sorted(set(EVERY_PAIR) - ALLOWED))
def test_any_other_transition_is_refused_with_both_statuses_named(current, target):
    with pytest.raises(InvalidStatusTransition, match=f"from {current} to {target}"):
        ensure_transition(current, target)


def test_statuses_read_from_the_database_as_plain_strings_are_understood():
    assert ensure_transition("pending", "confirmed") is CONFIRMED


def test_an_outcome_moves_a_pending_order():
    assert stock_or_payment_outcome_applies(PENDING, CONFIRMED) is True
    assert stock_or_payment_outcome_applies(PENDING, REJECTED) is True


@pytest.mark.parametrize("outcome", [CONFIRMED, REJECTED])
def test_the_same_outcome_twice_changes_nothing_the_second_time(outcome):
    assert stock_or_payment_outcome_applies(outcome, outcome) is False


@pytest.mark.parametrize("outcome", [CONFIRMED, REJECTED])
def test_an_outcome_leaves_an_order_cancelled_meanwhile_alone(outcome):
    assert stock_or_payment_outcome_applies(CANCELLED, outcome) is False


@pytest.mark.parametrize(("current", "outcome"), [(REJECTED, CONFIRMED), (CONFIRMED, REJECTED)])
def test_an_outcome_contradicting_an_earlier_one_is_an_error(current, outcome):
    with pytest.raises(InvalidStatusTransition):
        stock_or_payment_outcome_applies(current, outcome)


def test_no_outcome_is_a_cancellation():
    with pytest.raises(ValueError, match="confirmed or rejected"):
        stock_or_payment_outcome_applies(PENDING, CANCELLED)


def test_a_failed_payment_rejects_an_order_with_the_provider_s_reason():
    assert payment_failure_reason("Your card was declined.") == "payment failed: Your card was declined."


def test_a_line_needs_at_least_one_unit():
    with pytest.raises(ValueError, match="at least 1"):
        OrderLine(product_id=1, quantity=0)


def test_a_shipping_address_names_the_fields_it_lacks():
    with pytest.raises(ValueError, match="city, zip_code"):
        ShippingAddress(street="1 Main St", city=" ", state="CA", zip_code="", country="US")


def test_lines_for_the_same_product_are_merged_in_product_order():
    lines = [OrderLine(3, 1), OrderLine(1, 2), OrderLine(3, 4)]

    assert merge_lines(lines) == [OrderLine(1, 2), OrderLine(3, 5)]


def test_lines_are_priced_by_inventory_and_merged():
    mug = ProductInfoFactory(product_id=1, name="Mug", sku="MUG-1", price=Decimal("12.50"))

    priced = price_lines([OrderLine(1, 1), OrderLine(1, 2)], {1: mug})

    assert priced == [
        PricedLine(product_id=1, product_name="Mug", sku="MUG-1", quantity=3, unit_price=Decimal("12.50"))
    ]


def test_an_inventory_price_is_kept_in_whole_cents():
    odd = ProductInfoFactory(product_id=1, price=Decimal("3.005"))

    [line] = price_lines([OrderLine(1, 1)], {1: odd})

    assert str(line.unit_price) == "3.01"


def test_a_line_total_is_the_unit_price_times_the_quantity_in_exact_decimals():
    line = PricedLine(product_id=1, product_name="Pen", sku="PEN", quantity=3, unit_price=Decimal("19.99"))

    assert line.line_total == Decimal("59.97")


def test_the_total_adds_up_the_lines_without_float_rounding():
    lines = [
        PricedLine(product_id=1, product_name="Pen", sku="PEN", quantity=3, unit_price=Decimal("0.10")),
        PricedLine(product_id=2, product_name="Ink", sku="INK", quantity=1, unit_price=Decimal("0.20")),
    ]

    total = order_total(lines)

    assert str(total) == "0.50"


def test_the_total_of_no_lines_is_zero_in_cents():
    assert str(order_total([])) == "0.00"


def test_lines_that_take_a_product_s_last_units_are_available():
    mug = ProductInfoFactory(product_id=1, stock_quantity=3)
    tee = ProductInfoFactory(product_id=2, stock_quantity=1)

    outcome = check_availability([OrderLine(1, 2), OrderLine(2, 1), OrderLine(1, 1)], {1: mug, 2: tee})

    assert outcome is None


def test_a_product_inventory_does_not_know_is_named_in_the_error():
    mug = ProductInfoFactory(product_id=1)

    with pytest.raises(UnknownProduct, match=r"^Product with ID 999 does not exist$") as error:
        check_availability([OrderLine(1, 1), OrderLine(999, 1)], {1: mug})

    assert error.value.product_id == 999


def test_an_unknown_product_is_reported_before_a_shortage_of_another():
    scarce = ProductInfoFactory(product_id=1, stock_quantity=0)

    with pytest.raises(UnknownProduct):
        check_availability([OrderLine(1, 5), OrderLine(2, 1)], {1: scarce})


def test_more_units_than_inventory_holds_is_insufficient_inventory():
    mug = ProductInfoFactory(product_id=1, name="Mug", stock_quantity=2)

    with pytest.raises(InsufficientInventory) as error:
        check_availability([OrderLine(1, 5)], {1: mug})

    assert str(error.value) == "insufficient inventory for product 1 (Mug): requested 5, available 2"


def test_every_short_product_is_named_and_lines_of_one_product_count_together():
    mug = ProductInfoFactory(product_id=1, name="Mug", stock_quantity=3)
    tee = ProductInfoFactory(product_id=2, name="Tee", stock_quantity=0)
    pen = ProductInfoFactory(product_id=3, name="Pen", stock_quantity=9)

    with pytest.raises(InsufficientInventory) as error:
        check_availability(
            [OrderLine(1, 2), OrderLine(1, 2), OrderLine(2, 1), OrderLine(3, 1)], {1: mug, 2: tee, 3: pen}
        )

    assert [shortage.product_id for shortage in error.value.shortages] == [1, 2]
    assert "product 1 (Mug): requested 4, available 3" in str(error.value)
    assert "product 2 (Tee): requested 1, available 0" in str(error.value)
