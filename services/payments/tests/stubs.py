"""The payment provider as payments sees it over HTTP, answered by ``responses``.

For tests of the whole path from an event to the provider: the real client sends real
requests (idempotency key, timeouts, retries) and this stub answers them as the
provider would, by card token: ``tok_visa`` is charged, ``tok_chargeDeclined`` declined
(402), any other token refused (400). Make it fail with ``goes_down``, ``fails_with`` or
``answers_slowly``, until ``recovers``.
"""

import json

import requests
import responses

DECLINED = {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}
NO_SUCH_TOKEN = {"type": "invalid_request_error", "code": "resource_missing", "message": "No such token."}


class PaymentProviderStub:
    def __init__(self, mock: responses.RequestsMock, base_url: str):
        self._mock = mock
        self._base_url = base_url
        self._failure: int | Exception | None = None
        self._charges: dict[str, dict] = {}  # by idempotency key
        mock.add_callback(responses.POST, f"{base_url}/v1/charges", callback=self._charge)
        mock.add_callback(responses.POST, f"{base_url}/v1/refunds", callback=self._refund)

    def goes_down(self) -> None:
        """Refuse every connection, as a provider that cannot be reached does."""
        self._failure = requests.ConnectionError("the stub is down")

    def fails_with(self, status: int) -> None:
        """Answer every call with ``status`` and the provider's api_error."""
        self._failure = status

    def answers_slowly(self) -> None:
        """Answer after the client has stopped waiting: it sees a read timeout."""
        self._failure = requests.ReadTimeout("the stub took longer than the client waits")

    def recovers(self) -> None:
        self._failure = None

    @property
    def requests(self) -> list[requests.PreparedRequest]:
        return [call.request for call in self._mock.calls if call.request.url.startswith(self._base_url)]

    def charges_for(self, order_id: int) -> list[dict]:
        return [charge for charge in self._charges.values() if charge["metadata"]["order_id"] == str(order_id)]

    def _failing(self):
        if isinstance(self._failure, Exception):
            return self._failure
        if self._failure is not None:
            error = {"type": "api_error", "code": "server_error", "message": "the stub was told to fail"}
            return _json(self._failure, {"error": error})
        return None

    def _charge(self, request):
        if (failure := self._failing()) is not None:
            return failure
        body = json.loads(request.body)
        key = request.headers["Idempotency-Key"]
        if body["source"] == "tok_chargeDeclined":
            return _json(402, {"error": DECLINED})
        if body["source"] != "tok_visa":
            return _json(400, {"error": NO_SUCH_TOKEN})
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
        return _json(200, charge)

    def _refund(self, request):
        if (failure := self._failing()) is not None:
            return failure
        charge_id = json.loads(request.body)["charge"]
        refund = {"id": f"re_{charge_id}", "object": "refund", "status": "succeeded", "charge": charge_id}
        return _json(200, refund)


def _json(status: int, body) -> tuple[int, dict[str, str], str]:
    return status, {"Content-Type": "application/json"}, json.dumps(body)
