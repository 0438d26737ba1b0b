from decimal import Decimal

from notifications.events.handlers import (
    OrderCancelledData,
    OrderConfirmedData,
    OrderPlacedData,
    OrderRejectedData,
    PaymentFailedData,
    PaymentRefundedData,
    UserRegisteredData,
)

REGISTERED = {"user_id": 7, "username": "ann", "email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"}


def test_a_user_registered_event_is_read_whole():
    serializer = UserRegisteredData(data=REGISTERED)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == REGISTERED


def test_a_user_registered_event_needs_a_valid_email():
    serializer = UserRegisteredData(data={**REGISTERED, "email": "not an address"})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"email"}


def test_a_user_registered_event_without_names_reads_them_as_blank():
    serializer = UserRegisteredData(data={"user_id": 7, "username": "ann", "email": "ann@example.com"})

    assert serializer.is_valid(), serializer.errors
    assert (serializer.validated_data["first_name"], serializer.validated_data["last_name"]) == ("", "")


def test_an_order_event_needs_an_order_and_a_user():
    serializer = OrderCancelledData(data={})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"order_id", "user_id"}


def test_an_order_id_must_be_a_positive_number():
    serializer = OrderCancelledData(data={"order_id": "abc", "user_id": 0})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"order_id", "user_id"}


def test_an_order_total_is_read_as_a_decimal_from_its_string():
    serializer = OrderConfirmedData(data={"order_id": 42, "user_id": 7, "total": "25.00"})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["total"] == Decimal("25.00")


def test_an_order_total_in_fractions_of_a_cent_is_refused():
    serializer = OrderConfirmedData(data={"order_id": 42, "user_id": 7, "total": "25.005"})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"total"}


def test_an_order_placed_event_is_read_without_its_lines():
    data = {"order_id": 42, "user_id": 7, "total": "25.00", "items": [{"product_id": 1, "quantity": 2}]}
    serializer = OrderPlacedData(data=data)

    assert serializer.is_valid(), serializer.errors
    assert set(serializer.validated_data) == {"order_id", "user_id", "total"}


def test_an_order_placed_event_needs_its_total():
    serializer = OrderPlacedData(data={"order_id": 42, "user_id": 7})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"total"}


def test_a_rejected_order_may_come_without_a_reason():
    serializer = OrderRejectedData(data={"order_id": 42, "user_id": 7})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["reason"] == ""


def test_a_failed_payment_is_read_with_its_reason_and_nothing_of_the_charge():
    data = {"order_id": 42, "user_id": 7, "payment_id": 3, "amount": "25.00", "reason": "Your card was declined."}
    serializer = PaymentFailedData(data=data)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"order_id": 42, "user_id": 7, "reason": "Your card was declined."}


def test_a_failed_payment_needs_its_reason():
    serializer = PaymentFailedData(data={"order_id": 42, "user_id": 7})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"reason"}


def test_a_refund_is_read_with_its_amount_as_a_decimal():
    serializer = PaymentRefundedData(data={"order_id": 42, "user_id": 7, "payment_id": 3, "amount": "25.00"})

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"order_id": 42, "user_id": 7, "amount": Decimal("25.00")}


def test_a_refund_needs_its_amount():
    serializer = PaymentRefundedData(data={"order_id": 42, "user_id": 7})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"amount"}
