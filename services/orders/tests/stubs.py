"""users and inventory as orders sees them over HTTP, answered by ``responses``.

For tests of the whole request path: the real clients send real requests (service
token, timeout, retries) and these stubs answer them as the real services would.
Set what a stub knows with ``has``; make it fail with ``goes_down``, ``fails_with``
or ``answers_slowly`` (``microshop_testing.stubs``).
"""

import re

import responses

from microshop_common.api.errors import error_body
from microshop_testing.stubs import Answer, HttpStub, json_answer
from orders.clients.users import UserAccount
from orders.domain import ProductInfo


class UsersStub(HttpStub):
    """users' ``GET /api/internal/users/{id}/``."""

    def __init__(self, mock: responses.RequestsMock, base_url: str):
        super().__init__(mock, base_url)
        self._accounts: dict[int, UserAccount] = {}
        self._path = re.compile(rf"{re.escape(self.base_url)}/api/internal/users/(\d+)/")
        self.answers(responses.GET, self._path, self._user)

    def has(self, account: UserAccount) -> UserAccount:
        self._accounts[account.id] = account
        return account

    def _user(self, request) -> Answer:
        user_id = int(self._path.fullmatch(request.url).group(1))
        account = self._accounts.get(user_id)
        if account is None:
            return json_answer(404, user_not_found_body(user_id))
        return json_answer(200, user_body(account))


class InventoryStub(HttpStub):
    """inventory's ``GET /api/internal/products/?ids=1,2``: the known products among ``ids``."""

    def __init__(self, mock: responses.RequestsMock, base_url: str):
        super().__init__(mock, base_url)
        self._products: dict[int, ProductInfo] = {}
        self.answers(responses.GET, f"{self.base_url}/api/internal/products/", self._products_asked_for)

    def has(self, *products: ProductInfo) -> None:
        self._products.update({product.product_id: product for product in products})

    def _products_asked_for(self, request) -> Answer:
        ids = {int(part) for part in request.params["ids"].split(",")}
        return json_answer(200, products_body(self._products, ids))


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
