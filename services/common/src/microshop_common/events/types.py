"""The base of every event a service publishes: a frozen dataclass that names its type.

A producer declares each event it publishes once, in ``<service>/events/published.py``,
with the fields its consumers' pacts name, and publishes an instance of it:
``publish_event(OrderConfirmed(order_id=7, user_id=3, total=Decimal("12.50")))``.
A misspelt field is then a ``TypeError`` where the event is made, not a message a
consumer dead-letters later. (cosmicpython's ``domain/events.py``)
"""

import json
import re
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from django.core.serializers.json import DjangoJSONEncoder

# A noun and a verb in the past tense, such as order.placed: also the routing key.
EVENT_TYPE_PATTERN = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z_]*)+")


@dataclass(frozen=True)
class DomainEvent:
    """Subclass it as a frozen dataclass, with ``event_type`` and, from its second shape on, ``version``."""

    event_type: ClassVar[str]
    version: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        event_type = cls.__dict__.get("event_type")
        if not isinstance(event_type, str) or not EVENT_TYPE_PATTERN.fullmatch(event_type):
            raise TypeError(f"{cls.__name__}.event_type must be a name such as 'order.placed', not {event_type!r}")

    def data(self) -> dict[str, Any]:
        """The event's fields as JSON carries them: decimals such as ``"12.50"``, times in ISO 8601."""
        return json.loads(json.dumps(asdict(self), cls=DjangoJSONEncoder))
