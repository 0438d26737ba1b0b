from dataclasses import dataclass
from decimal import Decimal

import pytest

from microshop_common.events.types import DomainEvent


@dataclass(frozen=True)
class PricedItem:
    product_id: int
    unit_price: Decimal


@dataclass(frozen=True)
class BasketPriced(DomainEvent):
    event_type = "basket.priced"
    version = 2

    basket_id: int
    items: list[PricedItem]
    total: Decimal


def test_an_events_data_is_its_fields_as_json_carries_them():
    event = BasketPriced(basket_id=7, items=[PricedItem(1, Decimal("2.50"))], total=Decimal("12.50"))

    assert event.data() == {"basket_id": 7, "items": [{"product_id": 1, "unit_price": "2.50"}], "total": "12.50"}
    assert (event.event_type, event.version) == ("basket.priced", 2)


def test_an_event_is_made_with_exactly_its_fields():
    with pytest.raises(TypeError):
        BasketPriced(basket_id=7, items=[], totl=Decimal("0.00"))


def test_an_event_type_without_a_dotted_name_is_refused_when_it_is_declared():
    with pytest.raises(TypeError, match=r"must be a name such as 'order\.placed'"):

        @dataclass(frozen=True)
        class Nameless(DomainEvent):
            basket_id: int


def test_the_type_of_a_parent_event_does_not_name_its_subclass():
    with pytest.raises(TypeError, match=r"Reprised\.event_type"):

        @dataclass(frozen=True)
        class Reprised(BasketPriced):
            pass
