"""The payment provider as payments sees it over HTTP, answered by ``responses``.

For tests of the whole path from an event to the provider: the real client sends real
requests (idempotency key, timeouts, retries) and this stub answers them as the
provider would, by card token: ``tok_visa`` is charged, ``tok_chargeDeclined`` declined
(402), any other token refused (400). Make it fail with ``goes_down``, ``fails_with`` or
``answers_slowly``, until ``recovers`` (``microshop_testing.stubs``).
"""

import json

import responses

from microshop_testing.stubs import HttpStub, json_answer

DECLINED = {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}
NO_SUCH_TOKEN = {"type": "invalid_request_error", "code": "resource_missing", "message": "No such token."}


class PaymentProviderStub(HttpStub):
    def __init__(self, mock: responses.RequestsMock, base_url: str):
        super().__init__(mock, base_url)
        self._charges: dict[str, dict] = {}  # by idempotency key
        self.answers(responses.POST, f"{self.base_url}/v1/charges", self._charge)
        self.answers(responses.POST, f"{self.base_url}/v1/refunds", self._refund)

    def failure_body(self) -> dict:
        """The provider's api_error."""
        return {"error": {"type": "api_error", "code": "server_error", "message": "the stub was told to fail"}}

    def charges_for(self, order_id: int) -> list[dict]:
        return [charge for charge in self._charges.values() if charge["metadata"]["order_id"] == str(order_id)]

    def _charge(self, request):
        body = json.loads(request.body)
        key = request.headers["Idempotency-Key"]
        if body["source"] == "tok_chargeDeclined":
            return json_answer(402, {"error": DECLINED})
        if body["source"] != "tok_visa":
            return json_answer(400, {"error": NO_SUCH_TOKEN})
        charge = self._charges.setdefault(
            key,
            {
                "id": f"ch_stub{len(self._charges) + 1}",
                "object": "charge",
                "status": "succeeded",
                "amount": body["amount"],
                "currency": body["currency"],
                "metadata": body["metadata"],
            },
        )
        return json_answer(200, charge)

    def _refund(self, request):
        charge_id = json.loads(request.body)["charge"]
        refund = {"id": f"re_{charge_id}", "object": "refund", "status": "succeeded", "charge": charge_id}
        return json_answer(200, refund)
