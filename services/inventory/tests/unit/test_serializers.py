from inventory.api.serializers import ProductIdsInputSerializer
from inventory.events.handlers import OrderPlacedData, PaymentFailedData


def test_product_ids_are_read_from_a_comma_separated_list():
    serializer = ProductIdsInputSerializer(data={"ids": "3,1, 2"})

    assert serializer.is_valid()
    assert serializer.validated_data["ids"] == [3, 1, 2]


def test_product_ids_must_be_integers():
    serializer = ProductIdsInputSerializer(data={"ids": "1,abc"})

    assert not serializer.is_valid()
    assert "ids" in serializer.errors


def test_no_more_than_a_hundred_product_ids_are_read_at_once():
    serializer = ProductIdsInputSerializer(data={"ids": ",".join(str(n) for n in range(1, 102))})

    assert not serializer.is_valid()


def test_an_order_placed_event_needs_at_least_one_line():
    serializer = OrderPlacedData(data={"order_id": 1, "items": []})

    assert not serializer.is_valid()
    assert "items" in serializer.errors


def test_an_order_placed_event_refuses_a_zero_quantity():
    serializer = OrderPlacedData(data={"order_id": 1, "items": [{"product_id": 1, "quantity": 0}]})

    assert not serializer.is_valid()


def test_a_payment_failed_event_needs_the_order_s_id():
    serializer = PaymentFailedData(data={"payment_id": 1, "reason": "Your card was declined."})

    assert not serializer.is_valid()
    assert "order_id" in serializer.errors
