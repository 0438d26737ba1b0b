from collections.abc import Iterable

from django.db.models import QuerySet

from inventory.models import Product


def product_list() -> QuerySet[Product]:
    return Product.objects.order_by("id")


def product_get(*, product_id: int) -> Product | None:
    return Product.objects.filter(pk=product_id).first()


def product_list_by_ids(*, product_ids: Iterable[int]) -> QuerySet[Product]:
    return Product.objects.filter(pk__in=set(product_ids)).order_by("id")
