"""The fingerprint an order keeps of the request that placed it, to tell a retry from a different request."""

import hashlib
from dataclasses import replace

import pytest

from orders.domain import OrderLine, ShippingAddress, placing_fingerprint

ADDRESS = ShippingAddress(street="1 Main St", city="Springfield", state="IL", zip_code="62701", country="US")
LINES = [OrderLine(product_id=1, quantity=2), OrderLine(product_id=2, quantity=1)]


def fingerprint(*, lines=LINES, address=ADDRESS, payment_method="tok_visa") -> str:
    return placing_fingerprint(lines, address, payment_method)


def test_the_same_request_has_the_same_fingerprint():
    again = [OrderLine(product_id=1, quantity=2), OrderLine(product_id=2, quantity=1)]

    assert fingerprint(lines=again, address=replace(ADDRESS)) == fingerprint()


def test_the_fingerprint_is_the_sha256_of_the_request_as_canonical_json():
    canonical = (
        '{"items":[[1,2],[2,1]],"payment_method":"tok_visa",'
        '"shipping_address":{"city":"Springfield","country":"US","state":"IL","street":"1 Main St","zip_code":"62701"}}'
    )

    assert fingerprint() == hashlib.sha256(canonical.encode()).hexdigest()


@pytest.mark.parametrize(
    "change",
    [
        {"lines": [OrderLine(1, 3), OrderLine(2, 1)]},
        {"lines": [OrderLine(1, 2), OrderLine(3, 1)]},
        {"lines": [OrderLine(1, 2)]},
        {"lines": [OrderLine(2, 1), OrderLine(1, 2)]},
        {"address": replace(ADDRESS, street="2 Main St")},
        {"address": replace(ADDRESS, city="Shelbyville")},
        {"address": replace(ADDRESS, state="IN")},
        {"address": replace(ADDRESS, zip_code="62702")},
        {"address": replace(ADDRESS, country="CA")},
        {"payment_method": "tok_chargeDeclined"},
    ],
    ids=[
        "quantity",
        "product",
        "a line fewer",
        "lines in another order",
        "street",
        "city",
        "state",
        "zip code",
        "country",
        "payment method",
    ],
)
def test_any_change_to_the_request_changes_the_fingerprint(change):
    assert fingerprint(**change) != fingerprint()
