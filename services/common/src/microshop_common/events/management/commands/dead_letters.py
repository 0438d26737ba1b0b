import json
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from microshop_common.events.broker import NoEventsQueue, OwnQueuePublisher
from microshop_common.events.dead_letters import (
    AlreadyReplayed,
    DeadLetterNotFound,
    dead_letter_get,
    dead_letter_list,
    dead_letter_replay,
    envelope_names,
    error_summary,
)
from microshop_common.events.envelope import InvalidEvent
from microshop_common.events.models import DeadLetter
from microshop_common.events.outbox import BrokerUnavailable

TIME_FORMAT = "%Y-%m-%d %H:%M:%S %Z"
# A list shows one line per letter; show prints the error in full.
SUMMARY_LENGTH = 160


class Command(BaseCommand):
    help = (
        "Read and replay this service's dead letters: the messages its events consumer kept because no retry "
        "could fix them (a payload that is no envelope, data a handler refused, an unexpected error). "
        "List them, show one, fix the cause (the code, or the payload), then replay it to this service's own "
        "events queue, where the worker consumes it like any other message."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,show,replay}")
        listing = actions.add_parser(
            "list",
            help="one line per dead letter not replayed yet",
            description="One line per dead letter not replayed yet, oldest first: its id, when it was received, "
            "the event type and id its payload names, and its error in one line (for a traceback, the "
            "exception it ended with).",
        )
        listing.add_argument(
            "--all", action="store_true", dest="include_replayed", help="include those replayed already, marked so"
        )
        show = actions.add_parser(
            "show",
            help="one dead letter: its error in full and its payload as JSON",
            description="One dead letter: when it was received and replayed, its error in full, and its payload "
            "as indented JSON.",
        )
        show.add_argument("letter_id", type=int, metavar="ID", help="the id `list` shows")
        show.add_argument(
            "--payload-only",
            action="store_true",
            help="print the payload alone, to save to a file, correct, and replay with `replay ID --payload FILE`",
        )
        replay = actions.add_parser(
            "replay",
            help="publish a dead letter to this service's events queue again",
            description="Publish the dead letter's payload, or the corrected envelope in FILE, to this service's "
            "own events queue (never to the other services'), and mark the letter replayed. The payload must "
            "be an event envelope. If it fails again, the worker keeps it as a new dead letter.",
        )
        replay.add_argument("letter_id", type=int, metavar="ID", help="the id `list` shows")
        replay.add_argument(
            "--payload",
            type=Path,
            metavar="FILE",
            help="a JSON file with the envelope to publish instead of the stored payload, which the letter keeps",
        )
        replay.add_argument("--again", action="store_true", help="replay a letter that was replayed already")

    def handle(self, *args, action: str, **options):
        if action == "list":
            self._list(include_replayed=options["include_replayed"])
        elif action == "show":
            self._show(options["letter_id"], payload_only=options["payload_only"])
        else:
            self._replay(options["letter_id"], payload_file=options["payload"], again=options["again"])

    def _list(self, *, include_replayed: bool) -> None:
        letters = list(dead_letter_list(include_replayed=include_replayed))
        if not letters:
            which = "dead letters" if include_replayed else "dead letters waiting to be replayed"
            self.stdout.write(f"{settings.SERVICE_NAME} has no {which}")
            return
        rows = [("id", "received at", "event type", "event id", "error")]
        rows += [_row(letter) for letter in letters]
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        for row in rows:
            self.stdout.write(
                "  ".join([*(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)), row[4]]).rstrip()
            )

    def _show(self, letter_id: int, *, payload_only: bool) -> None:
        letter = _letter(letter_id)
        payload = json.dumps(letter.payload, indent=2, ensure_ascii=False)
        if payload_only:
            self.stdout.write(payload)
            return
        event_type, event_id = envelope_names(letter.payload)
        self.stdout.write(f"dead letter {letter.pk} of {settings.SERVICE_NAME}")
        self.stdout.write(f"received at  {letter.received_at:{TIME_FORMAT}}")
        self.stdout.write(f"replayed at  {_replayed(letter) or 'not yet'}")
        self.stdout.write(f"event        {_printable(event_type)} {_printable(event_id)}")
        self.stdout.write("error:")
        self.stdout.write(_printable(letter.error.rstrip(), keep="\n\t"))
        self.stdout.write("payload:")
        self.stdout.write(payload)

    def _replay(self, letter_id: int, *, payload_file: Path | None, again: bool) -> None:
        payload = None if payload_file is None else _read_envelope(payload_file)
        try:
            letter = dead_letter_replay(
                letter_id=letter_id, publish=OwnQueuePublisher(current_app), payload=payload, again=again
            )
        except (DeadLetterNotFound, AlreadyReplayed, NoEventsQueue) as exc:
            raise CommandError(str(exc)) from exc
        except InvalidEvent as exc:
            raise CommandError(
                f"not replayed: the payload is no event envelope ({exc}). Correct it: "
                f"`dead_letters show {letter_id} --payload-only > FILE`, edit FILE, "
                f"then `dead_letters replay {letter_id} --payload FILE`"
            ) from exc
        except BrokerUnavailable as exc:
            raise CommandError(
                f"not replayed: the broker is unavailable ({exc}); the dead letter is unchanged"
            ) from exc
        event_type, event_id = envelope_names(payload if payload is not None else letter.payload)
        self.stdout.write(
            f"replayed dead letter {letter.pk} ({_printable(event_type)} {_printable(event_id)}) to the queue "
            f"{settings.EVENTS_QUEUE}; should it fail again, it becomes a new dead letter"
        )


def _letter(letter_id: int) -> DeadLetter:
    try:
        return dead_letter_get(letter_id=letter_id)
    except DeadLetterNotFound as exc:
        raise CommandError(str(exc)) from exc


def _read_envelope(path: Path):
    try:
        text = path.read_text()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"{path} is not valid JSON: {exc}") from exc


def _row(letter: DeadLetter) -> tuple[str, str, str, str, str]:
    event_type, event_id = envelope_names(letter.payload)
    summary = _printable(error_summary(letter.error))
    if len(summary) > SUMMARY_LENGTH:
        summary = f"{summary[: SUMMARY_LENGTH - 1]}…"
    if replayed := _replayed(letter):
        summary = f"{summary}  [replayed {replayed}]"
    return str(letter.pk), f"{letter.received_at:{TIME_FORMAT}}", _printable(event_type), _printable(event_id), summary


def _replayed(letter: DeadLetter) -> str:
    return f"{letter.replayed_at:{TIME_FORMAT}}" if letter.replayed_at else ""


def _printable(text: str, *, keep: str = "") -> str:
    # A payload is whatever reached the queue: a control character in it must not drive the terminal.
    return "".join(character if character.isprintable() or character in keep else "?" for character in text)
