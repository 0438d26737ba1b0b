import pytest

from inventory.domain import InsufficientStock, Shortage, StockLine, find_shortages, merge_lines


def test_lines_for_the_same_product_are_merged_and_sorted_by_product():
    lines = [StockLine(3, 1), StockLine(1, 2), StockLine(3, 4)]

    assert merge_lines(lines) == [StockLine(1, 2), StockLine(3, 5)]


def test_a_line_needs_at_least_one_unit():
    with pytest.raises(ValueError, match="at least 1"):
        StockLine(1, 0)


def test_lines_that_fit_the_stock_have_no_shortage():
    assert find_shortages([StockLine(1, 2), StockLine(2, 5)], {1: 2, 2: 9}) == []


def test_a_line_larger_than_the_stock_is_a_shortage():
    assert find_shortages([StockLine(1, 3)], {1: 2}) == [Shortage(product_id=1, requested=3, available=2)]


def test_a_shortage_counts_every_line_of_the_same_product():
    assert find_shortages([StockLine(1, 2), StockLine(1, 2)], {1: 3}) == [Shortage(1, 4, 3)]


def test_an_unknown_product_is_a_shortage_with_nothing_available():
    assert find_shortages([StockLine(9, 1)], {}) == [Shortage(9, 1, None)]


def test_insufficient_stock_says_insufficient_inventory_per_product():
    error = InsufficientStock([Shortage(1, 5, 2), Shortage(7, 1, None)])

    assert str(error) == ("insufficient inventory for product 1: requested 5, available 2; product 7 does not exist")
