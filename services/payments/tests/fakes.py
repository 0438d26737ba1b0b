"""An in-memory stand-in for payments' provider client, for tests that need no HTTP.

It answers as the real client does, including its errors, and records what it was
asked. It subclasses the Protocol it stands in for, so the type checker holds it to
the same methods as the real client. Pass it to the service functions and handlers:
``payment_charge(order_id=7, provider=FakePaymentProvider())``.
Like the real provider, it decides by the card token: ``tok_chargeDeclined`` is
declined, any other token charged. ``goes_down()`` makes it answer as a provider that
cannot be reached, until ``comes_back()``.
"""

from payments.clients.provider import CardDeclined, Charge, PaymentProvider, ProviderUnavailable, Refund

DECLINED_TOKEN = "tok_chargeDeclined"


class FakePaymentProvider(PaymentProvider):
    def __init__(self) -> None:
        self.down = False
        self.charges: dict[str, Charge] = {}  # by idempotency key, as the provider keeps them
        self.refunds: dict[str, Refund] = {}
        self.charged: list[dict] = []  # every charge asked for, retries included
        self.refunded: list[dict] = []

    def goes_down(self) -> None:
        self.down = True

    def comes_back(self) -> None:
        self.down = False

    def charge(
        self, *, amount_cents: int, currency: str, card_token: str, order_id: int, idempotency_key: str
    ) -> Charge:
        self.charged.append(
            {"amount_cents": amount_cents, "currency": currency, "order_id": order_id, "key": idempotency_key}
        )
        if self.down:
            raise ProviderUnavailable("unreachable (the fake is down)")
        if card_token == DECLINED_TOKEN:
            raise CardDeclined("Your card was declined.", code="card_declined")
        if idempotency_key not in self.charges:
            charge_id = f"ch_fake{len(self.charges) + 1}"
            self.charges[idempotency_key] = Charge(charge_id=charge_id, amount_cents=amount_cents)
        return self.charges[idempotency_key]

    def refund(self, *, charge_id: str, idempotency_key: str) -> Refund:
        self.refunded.append({"charge_id": charge_id, "key": idempotency_key})
        if self.down:
            raise ProviderUnavailable("unreachable (the fake is down)")
        if idempotency_key not in self.refunds:
            self.refunds[idempotency_key] = Refund(refund_id=f"re_fake{len(self.refunds) + 1}", charge_id=charge_id)
        return self.refunds[idempotency_key]
