"""Reading and replaying dead letters: the messages this service's consumer could not handle.

An operator lists them, reads one (its error in full, its payload as JSON), fixes what
made it fail (the code, or the payload), and replays it to this service's own events
queue, where the worker consumes it like any other message. ``manage.py dead_letters``
is the command line over these functions.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from microshop_common.events.envelope import Event
from microshop_common.events.models import DeadLetter

TRACEBACK_START = "Traceback (most recent call last):"


class DeadLetterNotFound(LookupError):
    def __init__(self, letter_id: int):
        super().__init__(f"no dead letter with id {letter_id}")


class AlreadyReplayed(Exception):
    def __init__(self, letter: DeadLetter):
        super().__init__(
            f"dead letter {letter.pk} was replayed at {letter.replayed_at:%Y-%m-%d %H:%M:%S %Z}; "
            "add --again to replay it once more"
        )


def dead_letter_list(*, include_replayed: bool = False) -> QuerySet[DeadLetter]:
    """Dead letters, oldest first; those not replayed yet unless ``include_replayed``."""
    letters = DeadLetter.objects.order_by("id")
    return letters if include_replayed else letters.filter(replayed_at__isnull=True)


def dead_letter_get(*, letter_id: int) -> DeadLetter:
    letter = DeadLetter.objects.filter(pk=letter_id).first()
    if letter is None:
        raise DeadLetterNotFound(letter_id)
    return letter


def envelope_names(payload: Any) -> tuple[str, str]:
    """``(event_type, event_id)`` of a payload that names them, as text; ``"-"`` for what it lacks."""
    if not isinstance(payload, dict):
        return "-", "-"
    return str(payload.get("event_type", "-")), str(payload.get("event_id", "-"))


def error_summary(error: str) -> str:
    """One line of an error: its first, or, for a traceback, its last, which names the exception."""
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    if not lines:
        return "-"
    return lines[-1] if lines[0] == TRACEBACK_START else lines[0]


def dead_letter_replay(
    *, letter_id: int, publish: Callable[[dict[str, Any]], None], payload: Any = None, again: bool = False
) -> DeadLetter:
    """Publish the letter's payload, or ``payload`` in its place, and stamp the letter replayed.

    Raises :class:`DeadLetterNotFound`, :class:`AlreadyReplayed` (unless ``again``), and
    :class:`~microshop_common.events.envelope.InvalidEvent` for a payload that is no
    envelope, which the consumer would only dead-letter again. The letter stays locked
    while it is published, so two operators cannot replay it at once; if publishing
    fails, nothing changes.
    """
    with transaction.atomic():
        letter = DeadLetter.objects.select_for_update().filter(pk=letter_id).first()
        if letter is None:
            raise DeadLetterNotFound(letter_id)
        if letter.replayed_at is not None and not again:
            raise AlreadyReplayed(letter)
        envelope = letter.payload if payload is None else payload
        Event.from_envelope(envelope)
        publish(envelope)
        letter.replayed_at = timezone.now()
        letter.save(update_fields=["replayed_at"])
    return letter
