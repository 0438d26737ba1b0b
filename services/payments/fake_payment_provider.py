"""A fake payment provider: the Stripe-like API payments charges through, answered on this machine.

``make run``, the end-to-end tests, the bench and compose start it beside payments
(registry: ``fakes = {payment_provider = 8102}``), so the whole order flow runs with no
account anywhere and no network. It is a plain WSGI app with no Django, served by
gunicorn with one worker and a few threads: its charges live in this process's memory,
under one lock, and a second worker would hold charges of its own.

  POST /v1/charges   {"amount": cents, "currency", "source": token, "metadata": {"order_id"}}
                     with an Idempotency-Key header. By token: tok_visa is charged (200),
                     tok_chargeDeclined declined (402 card_error), tok_processingError fails
                     (500) the first time its key is seen and is charged on a retry with that
                     key; any other token is refused (400 resource_missing).
  POST /v1/refunds   {"charge": id} with an Idempotency-Key: a full refund (200).
  GET  /v1/charges?order_id=<id>   the charges made for an order: the end-to-end tests
                     count them to prove an order was charged once.
  POST /_fake/delay  {"seconds": s}: later charges are made at once and answered that much
                     later, to test timeouts and a payments worker that dies mid-charge.
  POST /_fake/charges  {"id": "ch_...", "amount": cents, "order_id": id}: a charge made
                     before, under a known id, for a contract test's provider state.

A repeated Idempotency-Key gets the first answer again and moves no money, as Stripe's
does (https://docs.stripe.com/api/idempotent_requests); a 5xx is not kept, so a retry is
tried afresh. Requests with one key take turns: a retry that arrives while the first try
is still being answered waits for it and replays its answer.

  cd services/payments && python -m gunicorn fake_payment_provider --bind 127.0.0.1:8102 \\
      --workers 1 --threads 4
"""

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeGuard
from urllib.parse import parse_qs

Answer = tuple[int, dict[str, Any]]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]

STATUS_TEXT = {200: "OK", 400: "Bad Request", 402: "Payment Required", 404: "Not Found", 405: "Method Not Allowed"}
STATUS_TEXT[500] = "Internal Server Error"
MAX_BODY_BYTES = 64 * 1024


def _error(status: int, kind: str, code: str, message: str) -> Answer:
    return status, {"error": {"type": kind, "code": code, "message": message}}


DECLINED = _error(402, "card_error", "card_declined", "Your card was declined.")
PROCESSING_ERROR = _error(500, "api_error", "processing_error", "An error occurred while processing the card.")
# The token is not repeated in the message: a reason ends up in events and e-mails.
NO_SUCH_TOKEN = _error(400, "invalid_request_error", "resource_missing", "No such token.")
NOT_CENTS = _error(400, "invalid_request_error", "parameter_invalid_integer", "amount: a whole number of cents.")


class FakePaymentProvider:
    """The WSGI application; ``application`` below is the one gunicorn serves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._charges: dict[str, dict[str, Any]] = {}  # by id, in the order they were made
        self._answers: dict[str, Answer] = {}  # by Idempotency-Key
        self._key_locks: dict[str, threading.Lock] = {}
        self._failed_once: set[str] = set()  # keys tok_processingError has failed for
        self._delay = 0.0

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status, body = self._route(environ)
        payload = json.dumps(body).encode()
        start_response(
            f"{status} {STATUS_TEXT.get(status, 'Unknown')}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    def _route(self, environ: dict[str, Any]) -> Answer:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        routes: dict[tuple[str, str], Callable[[dict[str, Any]], Answer]] = {
            ("POST", "/v1/charges"): self._charge,
            ("POST", "/v1/refunds"): self._refund,
            ("GET", "/v1/charges"): self._list_charges,
            ("POST", "/_fake/delay"): self._set_delay,
            ("POST", "/_fake/charges"): self._seed_charge,
        }
        handler = routes.get((method, path.rstrip("/") or "/"))
        if handler is None:
            known = any(route_path == path.rstrip("/") for _, route_path in routes)
            if known:
                return _error(405, "invalid_request_error", "method_not_allowed", f"{method} is not allowed here.")
            return _error(404, "invalid_request_error", "resource_missing", f"Unrecognized request URL {path}.")
        return handler(environ)

    def _charge(self, environ: dict[str, Any]) -> Answer:
        return self._once_per_key(environ, self._new_charge)

    def _refund(self, environ: dict[str, Any]) -> Answer:
        return self._once_per_key(environ, self._new_refund)

    def _once_per_key(self, environ: dict[str, Any], make: Callable[[dict[str, Any], str], Answer]) -> Answer:
        key = environ.get("HTTP_IDEMPOTENCY_KEY", "")
        if not key:
            return _error(400, "invalid_request_error", "idempotency_key_missing", "An Idempotency-Key is required.")
        body = _json_body(environ)
        if body is None:
            return _error(400, "invalid_request_error", "parameter_invalid", "The body is not a JSON object.")
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._answers:
                    return self._answers[key]
            answer = make(body, key)
            if answer[0] < 500:
                with self._lock:
                    self._answers[key] = answer
            return answer

    def _new_charge(self, body: dict[str, Any], key: str) -> Answer:
        answer = self._charge_or_refuse(body, key)
        # The card is charged before the wait, as with a provider whose answer is lost on
        # the way back: a client that gives up or dies meanwhile has still charged it, and
        # only the Idempotency-Key keeps its retry from charging it again.
        with self._lock:
            delay = self._delay
        time.sleep(delay)
        return answer

    def _charge_or_refuse(self, body: dict[str, Any], key: str) -> Answer:
        amount, currency, source = body.get("amount"), body.get("currency"), body.get("source")
        metadata = body.get("metadata", {})
        if not _is_cents(amount):
            return NOT_CENTS
        if not isinstance(currency, str) or not isinstance(source, str) or not isinstance(metadata, dict):
            return _error(400, "invalid_request_error", "parameter_missing", "currency, source and metadata needed.")
        if source == "tok_chargeDeclined":
            return DECLINED
        if source == "tok_processingError":
            with self._lock:
                first_time = key not in self._failed_once
                self._failed_once.add(key)
            if first_time:
                return PROCESSING_ERROR
        elif source != "tok_visa":
            return NO_SUCH_TOKEN
        return 200, self._keep(_succeeded_charge(f"ch_{uuid.uuid4().hex[:24]}", amount, currency, metadata))

    def _new_refund(self, body: dict[str, Any], key: str) -> Answer:
        with self._lock:
            charge = self._charges.get(str(body.get("charge")))
            if charge is None:
                return _error(400, "invalid_request_error", "resource_missing", "No such charge.")
            if charge["refunded"]:
                return _error(400, "invalid_request_error", "charge_already_refunded", "The charge is refunded.")
            charge["refunded"] = True
        refund_id = f"re_{uuid.uuid4().hex[:24]}"
        return 200, {
            "id": refund_id,
            "object": "refund",
            "status": "succeeded",
            "charge": charge["id"],
            "amount": charge["amount"],
        }

    def _list_charges(self, environ: dict[str, Any]) -> Answer:
        order_id = parse_qs(environ.get("QUERY_STRING", "")).get("order_id", [None])[0]
        with self._lock:
            charges = [
                dict(charge)
                for charge in self._charges.values()
                if order_id is None or charge["metadata"].get("order_id") == order_id
            ]
        return 200, {"object": "list", "data": charges}

    def _set_delay(self, environ: dict[str, Any]) -> Answer:
        body = _json_body(environ)
        seconds = body.get("seconds") if body is not None else None
        if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not 0 <= seconds <= 60:
            return _error(400, "invalid_request_error", "parameter_invalid", "seconds: a number from 0 to 60.")
        with self._lock:
            self._delay = float(seconds)
        return 200, {"seconds": float(seconds)}

    def _seed_charge(self, environ: dict[str, Any]) -> Answer:
        body = _json_body(environ) or {}
        charge_id, amount, order_id = body.get("id"), body.get("amount"), body.get("order_id")
        if not isinstance(charge_id, str) or not charge_id.startswith("ch_"):
            return _error(400, "invalid_request_error", "parameter_invalid", "id: a charge id such as ch_123.")
        if not _is_cents(amount):
            return NOT_CENTS
        return 200, self._keep(_succeeded_charge(charge_id, amount, "usd", {"order_id": order_id}))

    def _keep(self, charge: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._charges[charge["id"]] = charge
        return charge


def _is_cents(amount: Any) -> TypeGuard[int]:
    # bool is an int to Python, not to JSON.
    return isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0


def _succeeded_charge(charge_id: str, amount: int, currency: str, metadata: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": charge_id,
        "object": "charge",
        "status": "succeeded",
        "amount": amount,
        "currency": currency,
        "metadata": {name: str(value) for name, value in metadata.items()},
        "refunded": False,
    }


def _json_body(environ: dict[str, Any]) -> dict[str, Any] | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY_BYTES:
        return None
    try:
        body = json.loads(environ["wsgi.input"].read(length))
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


application = FakePaymentProvider()
