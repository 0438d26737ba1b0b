"""Payments' one way to move money: the payment provider's Stripe-like HTTP API.

``POST /v1/charges`` and ``POST /v1/refunds``, each with an ``Idempotency-Key`` the
caller derives from the order (:func:`payments.domain.charge_idempotency_key`). Because
the provider answers a repeated key with its first answer and moves no money again, a
POST is as safe to repeat as a GET: the client retries server errors, refused
connections and timeouts a few times with the same key, and the event that asked for
the charge can be redelivered without charging twice.
https://docs.stripe.com/api/idempotent_requests
"""

import logging
import threading
from dataclasses import dataclass
from typing import Any, Protocol, Self

import requests
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from microshop_common.clients import ServiceUnavailable, UnexpectedResponse

logger = logging.getLogger(__name__)

PROVIDER = "payment_provider"
CONNECT_TIMEOUT = 2.0
# Tries after the first, for a 5xx, a refused connection or a timeout; then the event
# waits for the consumer's own retry, minutes rather than seconds later.
RETRIES = 3
# urllib3 sleeps 0, 0.4 and 0.8 s between the tries.
BACKOFF_FACTOR = 0.2


@dataclass(frozen=True)
class Charge:
    charge_id: str
    amount_cents: int


@dataclass(frozen=True)
class Refund:
    refund_id: str
    charge_id: str


class CardDeclined(Exception):
    """The provider refused the charge (402 card_error, 400 invalid_request_error): asking again
    with the same card gives the same answer. ``reason`` is the provider's message for people."""

    def __init__(self, reason: str, *, code: str):
        super().__init__(reason)
        self.reason = reason
        self.code = code


class ProviderUnavailable(ServiceUnavailable):
    """The provider did not answer, timed out or failed with 5xx, even after the retries: worth trying later."""

    def __init__(self, message: str):
        super().__init__(PROVIDER, message)


class PaymentProvider(Protocol):
    """What payments asks of the provider: :class:`HttpPaymentProvider` over HTTP, a test's fake from memory."""

    def charge(
        self, *, amount_cents: int, currency: str, card_token: str, order_id: int, idempotency_key: str
    ) -> Charge:
        """Charge the card; ``CardDeclined`` if the provider refuses, ``ProviderUnavailable`` if it cannot say."""
        ...

    def refund(self, *, charge_id: str, idempotency_key: str) -> Refund:
        """Give a charge back in full; ``ProviderUnavailable`` if the provider cannot say."""
        ...


class HttpPaymentProvider:
    """The provider at ``PAYMENT_PROVIDER_URL``. Anything it answers that this client cannot
    read, or a refusal of a refund, is ``UnexpectedResponse``: a retry would not change it."""

    def __init__(self, base_url: str | None = None, *, timeout: float | None = None, retries: int = RETRIES):
        self.base_url = (base_url or settings.PAYMENT_PROVIDER_URL).rstrip("/")
        read_timeout = timeout if timeout is not None else settings.PAYMENT_PROVIDER_TIMEOUT
        self.timeout = (min(CONNECT_TIMEOUT, read_timeout), read_timeout)
        self.session = self._session(retries)

    @classmethod
    def shared(cls) -> Self:
        """This process's one client, built on first use, so that its connections are reused."""
        with _shared_lock:
            global _shared_client
            if not isinstance(_shared_client, cls):
                _shared_client = cls()
            return _shared_client

    def charge(
        self, *, amount_cents: int, currency: str, card_token: str, order_id: int, idempotency_key: str
    ) -> Charge:
        body = {
            "amount": amount_cents,
            "currency": currency,
            "source": card_token,
            "metadata": {"order_id": str(order_id)},
        }
        response = self._post("/v1/charges", body, idempotency_key)
        if response.status_code in (400, 402):
            error = self._error(response)
            raise CardDeclined(str(error.get("message") or "the card was refused"), code=str(error.get("code", "")))
        answer = self._json(response, expected=200)
        try:
            charge = Charge(charge_id=str(answer["id"]), amount_cents=int(answer["amount"]))
            succeeded = answer["status"] == "succeeded"
        except (KeyError, TypeError, ValueError) as exc:
            raise UnexpectedResponse(PROVIDER, f"answered with a charge it cannot read: {exc!r}") from exc
        if not succeeded or charge.amount_cents != amount_cents:
            raise UnexpectedResponse(PROVIDER, f"answered with a charge other than the one asked for: {answer!r}")
        return charge

    def refund(self, *, charge_id: str, idempotency_key: str) -> Refund:
        answer = self._json(self._post("/v1/refunds", {"charge": charge_id}, idempotency_key), expected=200)
        try:
            return Refund(refund_id=str(answer["id"]), charge_id=str(answer["charge"]))
        except (KeyError, TypeError) as exc:
            raise UnexpectedResponse(PROVIDER, f"answered with a refund it cannot read: {exc!r}") from exc

    def _post(self, path: str, body: dict[str, Any], idempotency_key: str) -> requests.Response:
        # The body holds the card token: no log line below names the body.
        try:
            response = self.session.post(
                f"{self.base_url}{path}",
                json=body,
                headers={"Idempotency-Key": idempotency_key, "Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            logger.warning("payment provider unreachable for %s %s: %s", path, idempotency_key, type(exc).__name__)
            raise ProviderUnavailable(f"unreachable ({exc.__class__.__name__})") from exc
        if response.status_code >= 500:
            logger.warning("payment provider answered %s for %s %s", response.status_code, path, idempotency_key)
            raise ProviderUnavailable(f"answered {response.status_code}")
        return response

    def _json(self, response: requests.Response, *, expected: int) -> Any:
        if response.status_code != expected:
            error = self._error(response)
            raise UnexpectedResponse(PROVIDER, f"answered {response.status_code}: {error.get('code', '')}")
        try:
            return response.json()
        except ValueError as exc:
            raise UnexpectedResponse(PROVIDER, "answered with a body that is not JSON") from exc

    @staticmethod
    def _error(response: requests.Response) -> dict[str, Any]:
        try:
            error = response.json()["error"]
        except (ValueError, KeyError, TypeError):
            return {}
        return error if isinstance(error, dict) else {}

    @staticmethod
    def _session(retries: int) -> requests.Session:
        # POST is retried too: the Idempotency-Key, sent again unchanged, makes a repeat
        # harmless. A 4xx is never retried; it is the provider's final word.
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=BACKOFF_FACTOR,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "POST"}),
            raise_on_status=False,
        )
        session = requests.Session()
        session.mount("http://", HTTPAdapter(max_retries=retry))
        session.mount("https://", HTTPAdapter(max_retries=retry))
        return session


_shared_client: HttpPaymentProvider | None = None
_shared_lock = threading.Lock()


@receiver(setting_changed)
def _forget_shared_client(*, setting: str, **kwargs: Any) -> None:
    # Tests point payments at a stub with override_settings; the client built before
    # would keep calling the old address.
    global _shared_client
    if setting in {"PAYMENT_PROVIDER_URL", "PAYMENT_PROVIDER_TIMEOUT"}:
        with _shared_lock:
            _shared_client = None
