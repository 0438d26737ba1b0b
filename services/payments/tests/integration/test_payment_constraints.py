"""What the database itself refuses, whatever the code above it does.

Each row below breaks one constraint and nothing else, and ``refused_by`` checks that the
database named that constraint: a refusal for any other reason fails the test.
"""

import pytest

from microshop_testing.constraints import refused_by
from payments.models import Payment
from tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def test_an_order_has_one_payment_at_most():
    PaymentFactory(order_id=7)

    with refused_by(Payment, "one_payment_per_order"):
        PaymentFactory(order_id=7)


def test_an_unknown_status_is_refused():
    with refused_by(Payment, "payment_status_known"):
        PaymentFactory(status="pending")


def test_a_negative_amount_is_refused():
    with refused_by(Payment, "payment_amount_not_negative"):
        PaymentFactory(amount="-0.01")


@pytest.mark.parametrize("status", ["succeeded", "refunded"])
def test_a_charged_payment_names_its_charge(status):
    with refused_by(Payment, "payment_charge_id_iff_charged"):
        PaymentFactory(status=status, provider_charge_id="")


@pytest.mark.parametrize("status", ["awaiting_stock", "voided"])
def test_a_payment_never_charged_names_no_charge(status):
    with refused_by(Payment, "payment_charge_id_iff_charged"):
        PaymentFactory(status=status, provider_charge_id="ch_1")


def test_a_failed_payment_says_why():
    with refused_by(Payment, "failed_payment_has_a_reason"):
        PaymentFactory(status="failed", failure_reason="")
