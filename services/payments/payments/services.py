"""Writes of the payments service."""

from django.db import IntegrityError, transaction

from payments.domain import item_name
from payments.errors import ItemExists
from payments.models import Item


def item_create(*, name: str) -> Item:
    """A new item, its name evened out by :func:`item_name`; a name another item has is ``ItemExists``."""
    name = item_name(name)
    try:
        # A savepoint: a refused insert leaves the caller's transaction usable.
        with transaction.atomic():
            return Item.objects.create(name=name)
    except IntegrityError as exc:
        if not Item.objects.filter(name=name).exists():
            raise
        raise ItemExists(f"An item named {name!r} already exists") from exc
