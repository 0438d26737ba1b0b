import pytest

from inventory.domain import InsufficientStock, Shortage, StockLine, merge_lines


def test_lines_for_the_same_product_are_merged_and_sorted_by_product():
    lines = [StockLine(3, 1), StockLine(1, 2), StockLine(3, 4)]

    assert merge_lines(lines) == [StockLine(1, 2), StockLine(3, 5)]


def test_a_line_needs_at_least_one_unit():
    with pytest.raises(ValueError, match="at least 1"):
        StockLine(1, 0)


def test_insufficient_stock_says_insufficient_inventory_per_product():
    error = InsufficientStock([Shortage(1, 5, 2), Shortage(7, 1, None)])

    assert str(error) == ("insufficient inventory for product 1: requested 5, available 2; product 7 does not exist")
