"""users and inventory as orders meets them on the network, while orders runs as real processes.

Each one is a real HTTP server on a free port, in a thread of the test process
(``microshop_testing.stub_servers``); orders reaches it through ``USERS_URL`` or
``INVENTORY_URL``. Like the real services, the stubs answer only calls that carry a
service token signed by orders and addressed to them, with the bodies the real services send. A server lives for a
test module; what it knows and how it fails is set by each test and forgotten after it.
"""

import re
import threading

import jwt
from django.conf import settings
from werkzeug import Request, Response

from microshop_common.api.errors import error_body
from microshop_common.keys import public_key_path
from microshop_testing.stub_servers import HttpStubServer, json_response
from orders.clients.users import UserAccount
from orders.domain import ProductInfo
from tests.stubs import products_body, user_body, user_not_found_body

# Twice the SERVICE_TIMEOUT that live_service_environment gives orders (1 s).
SLOW_ANSWER_SECONDS = 2.0


class StubServer(HttpStubServer):
    """One neighbour of orders; subclasses say which path it serves and what it answers."""

    name: str
    path: re.Pattern[str]

    def __init__(self):
        super().__init__()
        self.answers("GET", self.path, self._answer_if_signed)

    def after_test(self) -> None:
        self.release()
        super().after_test()

    def release(self) -> None:
        """Let an answer held back on purpose go, so that no handler outlives its test."""

    def answer(self, request: Request) -> Response:
        raise NotImplementedError

    def _answer_if_signed(self, request: Request) -> Response:
        if not self._signed_by_orders(request):
            return json_response(
                401, error_body("Authentication failed", "AUTHENTICATION_FAILED", "no service token from orders")
            )
        return self.answer(request)

    def _signed_by_orders(self, request: Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        orders_key = public_key_path(settings.JWT_KEYS_DIR, "orders").read_text()
        try:
            jwt.decode(token, orders_key, algorithms=["RS256"], audience=self.name, issuer="orders")
        except jwt.InvalidTokenError:
            return False
        return scheme == "Bearer"


class UsersStubServer(StubServer):
    """users' ``GET /api/internal/users/{id}/``."""

    name = "users"
    path = re.compile(r"/api/internal/users/(\d+)/$")

    def forget(self) -> None:
        super().forget()
        self._accounts: dict[int, UserAccount] = {}

    def has(self, account: UserAccount) -> UserAccount:
        self._accounts[account.id] = account
        return account

    def answer(self, request: Request) -> Response:
        user_id = int(self.path.match(request.path).group(1))
        account = self._accounts.get(user_id)
        if account is None:
            return json_response(404, user_not_found_body(user_id))
        return json_response(200, user_body(account))


class InventoryStubServer(StubServer):
    """inventory's ``GET /api/internal/products/?ids=1,2``: the known products among ``ids``."""

    name = "inventory"
    path = re.compile(r"/api/internal/products/$")

    def forget(self) -> None:
        super().forget()
        self._products: dict[int, ProductInfo] = {}
        self._held_back = threading.Event()
        self._slow = False

    def release(self) -> None:
        self._held_back.set()

    def has(self, *products: ProductInfo) -> None:
        self._products.update({product.product_id: product for product in products})

    def answers_slowly(self) -> None:
        """Answer each call right, but only after orders has stopped waiting for it."""
        self._slow = True

    def was_asked_about(self, product_id: int) -> bool:
        return any(str(product_id) in request.args.get("ids", "").split(",") for request in self.requests)

    def answer(self, request: Request) -> Response:
        if self._slow:
            self._held_back.wait(SLOW_ANSWER_SECONDS)
        ids = {int(part) for part in request.args["ids"].split(",")}
        return json_response(200, products_body(self._products, ids))
