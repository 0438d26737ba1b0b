"""What the database itself refuses, whatever the code above it does."""

import pytest
from django.db import IntegrityError

from tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def test_an_order_has_one_payment_at_most():
    PaymentFactory(order_id=7)

    with pytest.raises(IntegrityError):
        PaymentFactory(order_id=7)


def test_an_unknown_status_is_refused():
    with pytest.raises(IntegrityError):
        PaymentFactory(status="pending")


def test_a_negative_amount_is_refused():
    with pytest.raises(IntegrityError):
        PaymentFactory(amount="-0.01")


@pytest.mark.parametrize("status", ["succeeded", "refunded"])
def test_a_charged_payment_names_its_charge(status):
    with pytest.raises(IntegrityError):
        PaymentFactory(status=status, provider_charge_id="")


@pytest.mark.parametrize("status", ["awaiting_stock", "voided"])
def test_a_payment_never_charged_names_no_charge(status):
    with pytest.raises(IntegrityError):
        PaymentFactory(status=status, provider_charge_id="ch_1")


def test_a_failed_payment_says_why():
    with pytest.raises(IntegrityError):
        PaymentFactory(status="failed", failure_reason="")
