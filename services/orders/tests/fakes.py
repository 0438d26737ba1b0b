"""In-memory stand-ins for orders' clients, for tests that need no HTTP.

They answer as the real clients do, including their errors, and record what they
were asked (the fake of users is ``microshop_testing.fakes``'s, as notifications' is).
Each subclasses the Protocol it stands in for, so the type checker holds it to the same
methods as the real client. Pass them to the service functions:
``order_place(..., users=FakeUsersClient(ann))``.
``goes_down()`` makes one answer as its service does when it cannot be reached.
"""

from collections.abc import Iterable

from microshop_common.clients import ServiceUnavailable
from microshop_testing.fakes import FakeUsers
from orders.clients.inventory import InventoryClient
from orders.clients.users import UserAccount, UsersClient
from orders.domain import ProductInfo


class FakeUsersClient(FakeUsers[UserAccount], UsersClient):
    pass


class FakeInventoryClient(InventoryClient):
    def __init__(self, *products: ProductInfo):
        self.products = {product.product_id: product for product in products}
        self.down = False
        self.requested: list[list[int]] = []

    def goes_down(self) -> None:
        self.down = True

    def get_products(self, product_ids: Iterable[int]) -> dict[int, ProductInfo]:
        ids = sorted(set(product_ids))
        self.requested.append(ids)
        if self.down:
            raise ServiceUnavailable("inventory", "unreachable (the fake is down)")
        return {product_id: self.products[product_id] for product_id in ids if product_id in self.products}
