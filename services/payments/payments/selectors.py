from django.db.models import QuerySet

from payments.models import Item


def item_list() -> QuerySet[Item]:
    return Item.objects.order_by("id")


def item_get(*, item_id: int) -> Item | None:
    return Item.objects.filter(pk=item_id).first()
