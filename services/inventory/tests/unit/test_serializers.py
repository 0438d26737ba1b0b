from inventory.api.serializers import ProductIdsInputSerializer
from inventory.events.handlers import OrderPlacedData, PaymentFailedData
from microshop_testing.serializers import refused_fields


def test_product_ids_are_read_from_a_comma_separated_list():
    serializer = ProductIdsInputSerializer(data={"ids": "3,1, 2"})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["ids"] == [3, 1, 2]


def test_product_ids_must_be_integers():
    serializer = ProductIdsInputSerializer(data={"ids": "1,abc"})

    assert refused_fields(serializer) == {"ids"}


def test_no_more_than_a_hundred_product_ids_are_read_at_once():
    serializer = ProductIdsInputSerializer(data={"ids": ",".join(str(n) for n in range(1, 102))})

    assert refused_fields(serializer) == {"ids"}


def test_a_hundred_product_ids_are_read():
    serializer = ProductIdsInputSerializer(data={"ids": ",".join(str(n) for n in range(1, 101))})

    assert serializer.is_valid(), serializer.errors
    assert len(serializer.validated_data["ids"]) == 100


def test_an_order_placed_event_needs_at_least_one_line():
    serializer = OrderPlacedData(data={"order_id": 1, "items": []})

    assert refused_fields(serializer) == {"items"}


def test_an_order_placed_event_refuses_a_zero_quantity():
    serializer = OrderPlacedData(data={"order_id": 1, "items": [{"product_id": 1, "quantity": 0}]})

    assert refused_fields(serializer) == {"items[0].quantity"}


def test_a_payment_failed_event_needs_the_order_s_id():
    serializer = PaymentFailedData(data={"payment_id": 1, "reason": "Your card was declined."})

    assert refused_fields(serializer) == {"order_id"}
