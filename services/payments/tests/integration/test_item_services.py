import pytest

from payments.errors import ItemExists
from payments.models import Item
from payments.selectors import item_get, item_list
from payments.services import item_create
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_a_new_item_is_kept_with_its_name_evened_out():
    item = item_create(name="  Blue   mug ")

    item.refresh_from_db()
    assert item.name == "Blue mug"


def test_a_name_another_item_has_once_evened_out_is_refused_and_nothing_is_added():
    ItemFactory(name="Blue mug")

    with pytest.raises(ItemExists, match="Blue mug"):
        item_create(name="Blue   mug")

    assert Item.objects.filter(name="Blue mug").count() == 1


def test_items_are_listed_oldest_first():
    first, second = ItemFactory(name="Plate"), ItemFactory(name="Cup")

    assert list(item_list()) == [first, second]


def test_an_item_that_does_not_exist_is_none():
    assert item_get(item_id=999_999) is None
