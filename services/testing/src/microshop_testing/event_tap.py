"""Watching the events a service publishes, through the real broker."""

import contextlib
import time
import uuid

from celery import Celery
from django.conf import settings
from kombu import Queue

from microshop_common.events.broker import events_exchange


class EventTap:
    """A queue of its own bound to every event on the exchange, like one more consumer.

    ``with EventTap(app) as tap: ...; tap.wait_for("order.placed")`` returns the envelope.
    """

    def __init__(self, app: Celery):
        self.app = app
        self.queue = Queue(
            f"{settings.EVENTS_EXCHANGE}.tap-{uuid.uuid4().hex[:8]}", exchange=events_exchange(), routing_key="#"
        )
        self.seen: list[dict] = []

    def __enter__(self) -> "EventTap":
        self.connection = self.app.connection_for_read()
        self.channel = self.connection.channel()
        self.queue(self.channel).declare()
        return self

    def __exit__(self, *exc_info) -> None:
        with contextlib.suppress(Exception):
            self.queue(self.channel).delete()
        self.channel.close()
        self.connection.close()

    def wait_for(self, event_type: str, *, timeout: float = 20.0, **data) -> dict:
        """The first event of this type (whose data has these values) published since the tap opened."""
        deadline = time.monotonic() + timeout
        while True:
            for envelope in self.seen:
                if envelope["event_type"] == event_type and data.items() <= envelope["data"].items():
                    return envelope
            if time.monotonic() > deadline:
                seen = ", ".join(envelope["event_type"] for envelope in self.seen) or "nothing"
                raise AssertionError(f"no {event_type} with {data} within {timeout}s; saw {seen}")
            message = self.queue(self.channel).get(no_ack=True)
            if message is None:
                time.sleep(0.1)
                continue
            # A Celery task message: the body is [args, kwargs, options]; the envelope is the one argument.
            args, _kwargs, _options = message.decode()
            self.seen.append(args[0])
