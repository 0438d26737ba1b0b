import pytest

from microshop_testing.serializers import refused_fields
from orders.api.serializers import OrderPlaceInputSerializer
from orders.events.handlers import PaymentFailedData, PaymentSucceededData, StockRejectedData

ADDRESS = {"street": "1 Main St", "city": "Springfield", "state": "IL", "zip_code": "62701", "country": "US"}


def order_request(**overrides) -> dict:
    return {
        "items": [{"product_id": 1, "quantity": 2}],
        "shipping_address": dict(ADDRESS),
        "payment_method": "tok_visa",
        **overrides,
    }


def refused(data: dict) -> set[str]:
    return refused_fields(OrderPlaceInputSerializer(data=data))


def test_an_order_request_reads_its_lines_address_and_payment_method():
    serializer = OrderPlaceInputSerializer(data=order_request())

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {
        "items": [{"product_id": 1, "quantity": 2}],
        "shipping_address": ADDRESS,
        "payment_method": "tok_visa",
    }


def test_a_price_and_a_user_id_sent_by_the_client_are_dropped():
    data = order_request(items=[{"product_id": 1, "quantity": 2, "price": "0.01"}], user_id=999)
    serializer = OrderPlaceInputSerializer(data=data)

    assert serializer.is_valid(), serializer.errors
    assert "user_id" not in serializer.validated_data
    assert serializer.validated_data["items"] == [{"product_id": 1, "quantity": 2}]


@pytest.mark.parametrize("field", sorted(ADDRESS))
def test_every_shipping_address_field_is_required(field):
    address = {name: value for name, value in ADDRESS.items() if name != field}

    assert refused(order_request(shipping_address=address)) == {f"shipping_address.{field}"}


def test_a_blank_shipping_address_field_is_refused():
    assert refused(order_request(shipping_address={**ADDRESS, "street": "   "})) == {"shipping_address.street"}


def test_a_zip_code_sent_as_a_number_is_refused():
    assert refused(order_request(shipping_address={**ADDRESS, "zip_code": 62701})) == {"shipping_address.zip_code"}


def test_a_shipping_address_is_required():
    request = order_request()
    del request["shipping_address"]

    assert refused(request) == {"shipping_address"}


def test_a_payment_method_is_required():
    request = order_request()
    del request["payment_method"]
    serializer = OrderPlaceInputSerializer(data=request)

    assert refused_fields(serializer) == {"payment_method"}
    assert serializer.errors["payment_method"] == ["This field is required."]


@pytest.mark.parametrize("token", ["tok_visa", "tok_chargeDeclined", "tok_processingError", "tok_" + "a" * 60])
def test_a_sandbox_card_token_is_a_payment_method(token):
    serializer = OrderPlaceInputSerializer(data=order_request(payment_method=token))

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["payment_method"] == token


@pytest.mark.parametrize(
    "token",
    ["", "tok_", "visa", "pm_visa", "TOK_visa", "tok_visa!", "tok_vi sa", "tok_" + "a" * 61, 4242424242424242, None],
    ids=[
        "empty",
        "prefix only",
        "no prefix",
        "another prefix",
        "upper case prefix",
        "punctuation",
        "a space",
        "longer than 64",
        "a number",
        "null",
    ],
)
def test_anything_but_a_card_token_is_refused_as_a_payment_method(token):
    assert refused(order_request(payment_method=token)) == {"payment_method"}


@pytest.mark.parametrize("quantity", [0, -1, 1001, "two"])
def test_a_quantity_must_be_between_one_and_a_thousand(quantity):
    assert refused(order_request(items=[{"product_id": 1, "quantity": quantity}])) == {"items[0].quantity"}


@pytest.mark.parametrize("quantity", [1, 1000])
def test_a_quantity_of_one_or_of_a_thousand_is_taken(quantity):
    serializer = OrderPlaceInputSerializer(data=order_request(items=[{"product_id": 1, "quantity": quantity}]))

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["items"][0]["quantity"] == quantity


def test_a_product_id_must_be_positive():
    assert refused(order_request(items=[{"product_id": 0, "quantity": 1}])) == {"items[0].product_id"}


def test_an_order_needs_at_least_one_line():
    assert refused(order_request(items=[])) == {"items"}


def test_an_order_holds_at_most_fifty_lines():
    lines = [{"product_id": n, "quantity": 1} for n in range(1, 52)]

    assert refused(order_request(items=lines)) == {"items"}


def test_fifty_lines_are_accepted():
    lines = [{"product_id": n, "quantity": 1} for n in range(1, 51)]

    serializer = OrderPlaceInputSerializer(data=order_request(items=lines))

    assert serializer.is_valid(), serializer.errors
    assert len(serializer.validated_data["items"]) == 50


def test_a_payment_succeeded_event_needs_an_order_id():
    serializer = PaymentSucceededData(data={"payment_id": 3, "amount": "25.00"})

    assert refused_fields(serializer) == {"order_id"}


def test_a_payment_failed_event_needs_a_reason():
    serializer = PaymentFailedData(data={"order_id": 1, "payment_id": 3, "amount": "25.00"})

    assert refused_fields(serializer) == {"reason"}


def test_a_stock_rejected_event_needs_a_reason():
    serializer = StockRejectedData(data={"order_id": 1, "items": []})

    assert refused_fields(serializer) == {"reason"}
