from datetime import UTC, datetime

from payments.api.serializers import ItemCreateInputSerializer, ItemOutputSerializer
from payments.domain import NAME_MAX_LENGTH
from payments.models import Item


def test_an_item_is_shown_with_its_id_name_and_creation_time():
    item = Item(id=7, name="Blue mug", created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))

    assert ItemOutputSerializer(item).data == {"id": 7, "name": "Blue mug", "created_at": "2026-01-02T03:04:05Z"}


def test_a_new_item_needs_a_name():
    serializer = ItemCreateInputSerializer(data={})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"name"}


def test_a_name_of_spaces_only_is_refused():
    serializer = ItemCreateInputSerializer(data={"name": "   "})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"name"}


def test_a_name_longer_than_the_limit_is_refused():
    serializer = ItemCreateInputSerializer(data={"name": "x" * (NAME_MAX_LENGTH + 1)})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"name"}
