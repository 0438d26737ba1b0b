from decimal import Decimal

import factory

from payments.domain import PaymentStatus
from payments.models import Payment


class PaymentFactory(factory.django.DjangoModelFactory):
    """A payment of 25.00 with tok_visa, awaiting inventory's reservation."""

    class Meta:
        model = Payment

    order_id = factory.Sequence(lambda n: 5000 + n)
    user_id = factory.Sequence(lambda n: 1000 + n)
    amount = Decimal("25.00")
    card_token = "tok_visa"
    status = PaymentStatus.AWAITING_STOCK.value

    class Params:
        # PaymentFactory(charged=True): succeeded, with the provider's charge id.
        charged = factory.Trait(status=PaymentStatus.SUCCEEDED.value, provider_charge_id="ch_test123")
