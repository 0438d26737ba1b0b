import uuid

import pytest

from microshop_common.events.envelope import ENVELOPE_FIELDS, Event, InvalidEvent, build_envelope


def test_an_envelope_carries_every_field_of_the_spec():
    envelope = build_envelope("order.placed", {"order_id": 1}, producer="orders", correlation_id="abc")

    assert set(envelope) == set(ENVELOPE_FIELDS)
    assert envelope["event_type"] == "order.placed"
    assert envelope["version"] == 1
    assert envelope["producer"] == "orders"
    assert envelope["correlation_id"] == "abc"
    uuid.UUID(envelope["event_id"])


def test_every_envelope_gets_its_own_event_id():
    first = build_envelope("order.placed", {}, producer="orders")
    second = build_envelope("order.placed", {}, producer="orders")

    assert first["event_id"] != second["event_id"]


def test_an_event_type_that_is_not_a_dotted_name_cannot_be_built():
    with pytest.raises(ValueError, match=r"not a name such as 'order\.placed'"):
        build_envelope("Order Placed", {}, producer="orders")


def test_an_envelope_reads_back_into_an_event():
    envelope = build_envelope("stock.reserved", {"order_id": 7}, producer="inventory")

    event = Event.from_envelope(envelope)

    assert event.event_id == uuid.UUID(envelope["event_id"])
    assert event.data == {"order_id": 7}
    assert event.occurred_at.tzinfo is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"event_id": "not-a-uuid"}, "not a UUID"),
        ({"event_type": "order"}, "not a name such as"),
        ({"event_type": ["order.placed"]}, "not a name such as"),
        ({"version": 0}, "positive integer"),
        ({"version": "1"}, "positive integer"),
        ({"occurred_at": "yesterday"}, "ISO 8601"),
        ({"occurred_at": "2026-01-01T10:00:00"}, "time zone"),
        ({"data": [1, 2]}, "data must be an object"),
    ],
)
def test_a_malformed_envelope_is_refused_with_the_reason(change, message):
    envelope = {**build_envelope("order.placed", {}, producer="orders"), **change}

    with pytest.raises(InvalidEvent, match=message):
        Event.from_envelope(envelope)


def test_an_envelope_missing_fields_names_them():
    envelope = build_envelope("order.placed", {}, producer="orders")
    del envelope["producer"], envelope["data"]

    with pytest.raises(InvalidEvent, match="lacks producer, data"):
        Event.from_envelope(envelope)


def test_a_message_that_is_not_an_object_is_refused():
    with pytest.raises(InvalidEvent, match="must be an object"):
        Event.from_envelope(["order.placed"])
