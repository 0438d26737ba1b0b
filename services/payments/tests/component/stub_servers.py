"""The payment provider as payments meets it on the network, while payments runs as real processes.

A real HTTP server on a free port, in a thread of the test process
(``microshop_testing.stub_servers``); payments reaches it through ``PAYMENT_PROVIDER_URL``.
It answers charges and refunds as the provider does, by card token (see ``tests/stubs.py``),
and replays the first answer to a repeated Idempotency-Key. The server lives for a test module; how it fails is set
by each test and forgotten after it.
"""

import json
import threading

from werkzeug import Request, Response

from microshop_testing.stub_servers import HttpStubServer, json_response
from tests.stubs import DECLINED, NO_SUCH_TOKEN


class PaymentProviderStubServer(HttpStubServer):
    def __init__(self):
        self._lock = threading.Lock()
        super().__init__()
        self.http.expect_request("/v1/charges", method="POST").respond_with_handler(self._charge)
        self.http.expect_request("/v1/refunds", method="POST").respond_with_handler(self._refund)

    def forget(self) -> None:
        super().forget()
        self._failures_left = 0
        self._answers: dict[str, tuple[int, dict]] = {}

    def fails_times(self, count: int) -> None:
        """Answer the next ``count`` calls with a 500, as a provider having a bad moment."""
        self._failures_left = count

    def charges_for(self, order_id: int) -> list[dict]:
        return [
            body
            for status, body in self._answers.values()
            if status == 200 and body.get("metadata", {}).get("order_id") == str(order_id)
        ]

    def _charge(self, request: Request) -> Response:
        return self._answer(request, self._new_charge)

    def _refund(self, request: Request) -> Response:
        return self._answer(request, self._new_refund)

    def _answer(self, request: Request, make) -> Response:
        with self._lock:
            self.requests.append(request)
            if self._failures_left:
                self._failures_left -= 1
                return json_response(
                    500, {"error": {"type": "api_error", "code": "processing_error", "message": "later"}}
                )
            key = request.headers["Idempotency-Key"]
            if key not in self._answers:
                self._answers[key] = make(json.loads(request.get_data()))
            return json_response(*self._answers[key])

    def _new_charge(self, body: dict) -> tuple[int, dict]:
        if body["source"] == "tok_chargeDeclined":
            return 402, {"error": DECLINED}
        if body["source"] != "tok_visa":
            return 400, {"error": NO_SUCH_TOKEN}
        charge_id = f"ch_server{len(self._answers) + 1}"
        return 200, {"id": charge_id, "object": "charge", "status": "succeeded", **_echo(body)}

    def _new_refund(self, body: dict) -> tuple[int, dict]:
        refund_id = f"re_server{len(self._answers) + 1}"
        return 200, {"id": refund_id, "object": "refund", "status": "succeeded", "charge": body["charge"]}


def _echo(body: dict) -> dict:
    return {"amount": body["amount"], "currency": body["currency"], "metadata": body["metadata"]}
