"""Orders' one way to ask inventory about products: their price and the stock on hand."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from microshop_common.clients import ServiceClient, UnexpectedResponse
from orders.domain import ProductInfo

# Inventory answers for at most this many ids in one call.
MAX_IDS_PER_CALL = 100


class InventoryClient(Protocol):
    """What orders asks of inventory: :class:`HttpInventoryClient` asks over HTTP, a test's fake from memory."""

    def get_products(self, product_ids: Iterable[int]) -> dict[int, ProductInfo]:
        """The products inventory knows among ``product_ids``, by id; ``ServiceError`` if it cannot say."""
        ...


class HttpInventoryClient(ServiceClient):
    """``GET /api/internal/products/?ids=1,2`` on inventory.

    Raises ``ServiceUnavailable`` when inventory does not answer in time or fails, and
    ``UnexpectedResponse`` for an answer it cannot read.
    """

    service = "inventory"

    def get_products(self, product_ids: Iterable[int]) -> dict[int, ProductInfo]:
        """The products inventory knows among ``product_ids``, by id, in one call; unknown ids are absent."""
        ids = sorted(set(product_ids))
        if not ids:
            return {}
        if len(ids) > MAX_IDS_PER_CALL:
            raise ValueError(f"inventory answers for at most {MAX_IDS_PER_CALL} products at once, not {len(ids)}")
        body = self.get_json("/api/internal/products/", params={"ids": ",".join(map(str, ids))})
        if not isinstance(body, list):
            raise UnexpectedResponse(self.service, "answered with something other than a list of products")
        products = [self._product(item) for item in body]
        asked = set(ids)
        return {product.product_id: product for product in products if product.product_id in asked}

    def _product(self, item: Any) -> ProductInfo:
        try:
            product = ProductInfo(
                product_id=int(item["id"]),
                name=str(item["name"]),
                sku=str(item["sku"]),
                # Through str(): a price sent as a JSON number keeps the digits it was written with.
                price=Decimal(str(item["price"])),
                stock_quantity=int(item["stock_quantity"]),
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
            raise UnexpectedResponse(self.service, f"answered with a product it cannot read: {exc!r}") from exc
        if not product.price.is_finite() or product.price < 0 or product.stock_quantity < 0:
            raise UnexpectedResponse(self.service, f"answered with a price or stock it cannot use: {item!r}")
        return product
