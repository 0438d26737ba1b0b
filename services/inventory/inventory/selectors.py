from collections.abc import Iterable

from django.db.models import QuerySet

from inventory.models import Product
from microshop_common.api.errors import NotFoundError


def product_list() -> QuerySet[Product]:
    return Product.objects.order_by("id")


def product_get(*, product_id: int) -> Product:
    try:
        return Product.objects.get(pk=product_id)
    except Product.DoesNotExist:
        raise NotFoundError("Product", product_id) from None


def product_list_by_ids(*, product_ids: Iterable[int]) -> QuerySet[Product]:
    return Product.objects.filter(pk__in=set(product_ids)).order_by("id")
