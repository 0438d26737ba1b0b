"""The one way a service calls another: timeouts, retries of safe calls, clear errors.

Each service wraps this in a client per neighbour (``orders/clients/users.py``), which
turns JSON into the values its domain needs. Tests replace that client with a fake, or
stub HTTP with ``responses``.
"""

import logging
import threading
import time
from typing import Any, Self

import requests
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from microshop_common.auth import issue_service_token
from microshop_common.correlation import HEADER as CORRELATION_HEADER
from microshop_common.correlation import get_correlation_id

logger = logging.getLogger(__name__)


class ServiceError(Exception):
    """Base class for failures calling another service."""

    def __init__(self, service: str, message: str):
        super().__init__(f"{service}: {message}")
        self.service = service


class ServiceUnavailable(ServiceError):
    """The service did not answer, timed out, or failed with 5xx. Worth retrying later."""


class ResourceNotFound(ServiceError):
    """The service answered 404."""


class UnexpectedResponse(ServiceError):
    """The service answered with something this client does not understand."""


class ServiceClient:
    """JSON over HTTP to one service, authenticated as the calling service."""

    service: str

    def __init__(self, base_url: str | None = None, *, timeout: float | None = None, session=None):
        self.base_url = (base_url or settings.SERVICE_URLS[self.service]).rstrip("/")
        self.timeout = timeout if timeout is not None else settings.SERVICE_TIMEOUT
        self.session = session or self._session()
        self._token: tuple[str, float] | None = None

    @classmethod
    def shared(cls) -> Self:
        """This process's one client of its kind, built on first use.

        Reusing it keeps HTTP connections open and the service token signed for its
        lifetime; a client built per call pays a TCP handshake and an RSA signature each
        time. Sessions are safe to share between the threads of one process.
        """
        with _shared_lock:
            client = _shared_clients.get(cls)
            if client is None:
                client = _shared_clients[cls] = cls()
            return client

    def get_json(self, path: str, *, params: dict[str, Any] | None = None) -> Any:
        url = f"{self.base_url}{path}"
        try:
            response = self.session.get(url, params=params, headers=self._headers(), timeout=self.timeout)
        except requests.RequestException as exc:
            logger.warning("%s unreachable at %s: %s", self.service, url, exc)
            raise ServiceUnavailable(self.service, f"unreachable ({exc.__class__.__name__})") from exc
        if response.status_code == 404:
            raise ResourceNotFound(self.service, f"{path} not found")
        if response.status_code >= 500:
            raise ServiceUnavailable(self.service, f"answered {response.status_code}")
        if response.status_code != 200:
            raise UnexpectedResponse(self.service, f"answered {response.status_code}: {response.text[:200]}")
        try:
            return response.json()
        except ValueError as exc:
            raise UnexpectedResponse(self.service, "answered with a body that is not JSON") from exc

    def _headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self._service_token()}", "Accept": "application/json"}
        if correlation_id := get_correlation_id():
            headers[CORRELATION_HEADER] = correlation_id
        return headers

    def _service_token(self) -> str:
        now = time.time()
        if self._token is None or self._token[1] - now < 30:
            lifetime = settings.SERVICE_AUTH["TOKEN_LIFETIME_SECONDS"]
            self._token = (issue_service_token(audience=self.service, now=now), now + lifetime)
        return self._token[0]

    @staticmethod
    def _session() -> requests.Session:
        # Retry only reads, and only on failures a second try can fix; a POST is never
        # repeated behind the caller's back.
        retry = Retry(
            total=2,
            connect=2,
            read=1,
            backoff_factor=0.1,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,
        )
        session = requests.Session()
        session.mount("http://", HTTPAdapter(max_retries=retry))
        session.mount("https://", HTTPAdapter(max_retries=retry))
        return session


_shared_clients: dict[type[ServiceClient], ServiceClient] = {}
_shared_lock = threading.Lock()


@receiver(setting_changed)
def _forget_shared_clients(*, setting: str, **kwargs) -> None:
    # Tests point services at stubs with override_settings; a client built before would
    # keep calling the old address.
    if setting in {"SERVICE_URLS", "SERVICE_TIMEOUT", "SERVICE_AUTH"}:
        with _shared_lock:
            _shared_clients.clear()
