"""users and inventory as orders sees them over HTTP, answered by ``responses``.

For tests of the whole request path: the real clients send real requests (service
token, timeout, retries) and these stubs answer them as the real services would.
Set what a stub knows with ``has``; make it fail with ``goes_down``, ``fails_with``
or ``answers_slowly``.
"""

import json
import re

import requests
import responses

from microshop_common.api.errors import error_body
from orders.clients.users import UserAccount
from orders.domain import ProductInfo


class _ServiceStub:
    def __init__(self, mock: responses.RequestsMock, url: str | re.Pattern):
        self._mock = mock
        self._url = url
        self._failure: int | Exception | None = None
        mock.add_callback(responses.GET, url, callback=self._callback)

    def goes_down(self) -> None:
        """Refuse every connection, as a service that is not running does."""
        self._failure = requests.ConnectionError("the stub is down")

    def fails_with(self, status: int) -> None:
        """Answer every call with ``status``, as a service failing behind its load balancer does."""
        self._failure = status

    def answers_slowly(self) -> None:
        """Answer after the client has stopped waiting: it sees a read timeout."""
        self._failure = requests.ReadTimeout("the stub took longer than the client waits")

    @property
    def requests(self) -> list[requests.PreparedRequest]:
        return [call.request for call in self._mock.calls if self._matches(call.request.url)]

    def _matches(self, url: str) -> bool:
        path = url.split("?")[0]
        return bool(self._url.fullmatch(path)) if isinstance(self._url, re.Pattern) else path == self._url

    def _callback(self, request):
        if isinstance(self._failure, Exception):
            return self._failure
        if self._failure is not None:
            return _json(self._failure, error_body("Server error", "SERVER_ERROR", "the stub was told to fail"))
        return self.answer(request)

    def answer(self, request):
        raise NotImplementedError


class UsersStub(_ServiceStub):
    """users' ``GET /api/internal/users/{id}/``."""

    def __init__(self, mock: responses.RequestsMock, base_url: str):
        super().__init__(mock, re.compile(rf"{re.escape(base_url)}/api/internal/users/(\d+)/"))
        self._accounts: dict[int, UserAccount] = {}

    def has(self, account: UserAccount) -> UserAccount:
        self._accounts[account.id] = account
        return account

    def answer(self, request):
        user_id = int(self._url.fullmatch(request.url).group(1))
        account = self._accounts.get(user_id)
        if account is None:
            return _json(404, user_not_found_body(user_id))
        return _json(200, user_body(account))


class InventoryStub(_ServiceStub):
    """inventory's ``GET /api/internal/products/?ids=1,2``: the known products among ``ids``."""

    def __init__(self, mock: responses.RequestsMock, base_url: str):
        super().__init__(mock, f"{base_url}/api/internal/products/")
        self._products: dict[int, ProductInfo] = {}

    def has(self, *products: ProductInfo) -> None:
        self._products.update({product.product_id: product for product in products})

    def answer(self, request):
        ids = {int(part) for part in request.params["ids"].split(",")}
        return _json(200, products_body(self._products, ids))


def user_body(account: UserAccount) -> dict:
    """A user as users' internal endpoint answers it."""
    return {
        "id": account.id,
        "username": account.username,
        "email": account.email,
        "first_name": "",
        "last_name": "",
        "is_active": account.is_active,
    }


def user_not_found_body(user_id: int) -> dict[str, str]:
    return error_body("User not found", "USER_NOT_FOUND", f"User with ID {user_id} does not exist")


def products_body(products: dict[int, ProductInfo], ids: set[int]) -> list[dict]:
    """The products with these ids, as inventory's batch endpoint answers: unknown ids left out."""
    return [
        {
            "id": product.product_id,
            "sku": product.sku,
            "name": product.name,
            "description": "",
            "price": str(product.price),
            "stock_quantity": product.stock_quantity,
            "created_at": "2025-01-01T00:00:00Z",
        }
        for product_id, product in sorted(products.items())
        if product_id in ids
    ]


def _json(status: int, body) -> tuple[int, dict[str, str], str]:
    return status, {"Content-Type": "application/json"}, json.dumps(body)
