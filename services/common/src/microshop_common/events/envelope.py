"""The event envelope every microshop event travels in.

``{event_id, event_type, version, occurred_at, producer, correlation_id, data}``.
The event type is also the routing key on the topic exchange. Which types exist is for
the producers to say (their ``events/published.py``), not this library: a consumer
ignores a type it has no handler for.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from microshop_common.correlation import get_correlation_id
from microshop_common.events.types import EVENT_TYPE_PATTERN

ENVELOPE_FIELDS = ("event_id", "event_type", "version", "occurred_at", "producer", "correlation_id", "data")


class InvalidEvent(ValueError):
    """A message that is not a well-formed event envelope. Retrying will not fix it."""


@dataclass(frozen=True)
class Event:
    event_id: uuid.UUID
    event_type: str
    version: int
    occurred_at: datetime
    producer: str
    correlation_id: str
    data: dict[str, Any]

    @classmethod
    def from_envelope(cls, envelope: Any) -> "Event":
        if not isinstance(envelope, dict):
            raise InvalidEvent(f"envelope must be an object, got {type(envelope).__name__}")
        missing = [name for name in ENVELOPE_FIELDS if name not in envelope]
        if missing:
            raise InvalidEvent(f"envelope lacks {', '.join(missing)}")
        try:
            event_id = uuid.UUID(str(envelope["event_id"]))
        except ValueError as exc:
            raise InvalidEvent(f"event_id {envelope['event_id']!r} is not a UUID") from exc
        occurred_at = _parse_datetime(envelope["occurred_at"])
        if not isinstance(envelope["event_type"], str) or not EVENT_TYPE_PATTERN.fullmatch(envelope["event_type"]):
            raise InvalidEvent(f"event_type {envelope['event_type']!r} is not a name such as 'order.placed'")
        if not isinstance(envelope["version"], int) or envelope["version"] < 1:
            raise InvalidEvent(f"version must be a positive integer, got {envelope['version']!r}")
        if not isinstance(envelope["data"], dict):
            raise InvalidEvent("data must be an object")
        return cls(
            event_id=event_id,
            event_type=envelope["event_type"],
            version=envelope["version"],
            occurred_at=occurred_at,
            producer=str(envelope["producer"]),
            correlation_id=str(envelope["correlation_id"]),
            data=envelope["data"],
        )


def build_envelope(
    event_type: str, data: dict[str, Any], *, producer: str, version: int = 1, correlation_id: str | None = None
) -> dict[str, Any]:
    if not EVENT_TYPE_PATTERN.fullmatch(event_type):
        raise ValueError(f"event_type {event_type!r} is not a name such as 'order.placed'")
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": event_type,
        "version": version,
        "occurred_at": timezone.now().isoformat(),
        "producer": producer,
        "correlation_id": correlation_id or get_correlation_id() or str(uuid.uuid4()),
        "data": data,
    }


def _parse_datetime(value: Any) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidEvent(f"occurred_at {value!r} is not an ISO 8601 date-time") from exc
    if parsed.tzinfo is None:
        raise InvalidEvent("occurred_at must carry a time zone")
    return parsed
