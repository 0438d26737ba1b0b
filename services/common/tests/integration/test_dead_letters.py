"""``manage.py dead_letters``: list, show and replay what the consumer could not handle.

Replayed messages go through the real broker to a real Celery worker, which consumes them
through the same task and consumer as every other message.
"""

import json
import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from kombu import Queue

from microshop_common.events.broker import CONSUME_TASK, declare_queues, events_exchange
from microshop_common.events.envelope import build_envelope
from microshop_common.events.models import DeadLetter, OutboxEvent, ProcessedEvent
from microshop_common.events.outbox import publish_event
from microshop_testing.polling import wait_until
from microshop_testing.worker import delete_queues
from tests.events import StockReserved
from tests.tasks import TASK_HANDLERS, app

pytestmark = pytest.mark.django_db

TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/app/inventory/events/handlers.py", line 12, in reserve\n'
    '    total = event.data["total"]\n'
    "KeyError: 'total'\n"
)


def columns(line: str) -> list[str]:
    return re.split(r"\s{2,}", line)


def dead_letters(*args: str) -> str:
    out = StringIO()
    call_command("dead_letters", *args, stdout=out)
    return out.getvalue()


def order_placed(order_id: int = 1) -> dict:
    return build_envelope("order.placed", {"order_id": order_id}, producer="orders")


def reserve_stock(event) -> None:
    """A handler that works: it answers order.placed with stock.reserved, in the outbox."""
    publish_event(StockReserved(order_id=event.data["order_id"]))


def handled(envelope: dict) -> bool:
    return ProcessedEvent.objects.filter(event_id=envelope["event_id"]).exists()


def answered(order_id: int) -> bool:
    return any(event.envelope["data"]["order_id"] == order_id for event in OutboxEvent.objects.all())


def test_list_shows_one_line_per_letter_not_replayed_with_its_event_and_its_error_in_one_line():
    envelope = order_placed()
    failed = DeadLetter.objects.create(payload=envelope, error=TRACEBACK)
    malformed = DeadLetter.objects.create(payload=["no", "envelope"], error="envelope must be an object, got list")
    DeadLetter.objects.create(payload=envelope, error="handled later", replayed_at=datetime.now(UTC))

    header, *lines = dead_letters("list").splitlines()

    assert columns(header) == ["id", "received at", "event type", "event id", "error"]
    assert [columns(line) for line in lines] == [
        [
            str(failed.pk),
            f"{failed.received_at:%Y-%m-%d %H:%M:%S} UTC",
            "order.placed",
            envelope["event_id"],
            "KeyError: 'total'",
        ],
        [
            str(malformed.pk),
            f"{malformed.received_at:%Y-%m-%d %H:%M:%S} UTC",
            "-",
            "-",
            "envelope must be an object, got list",
        ],
    ]


def test_list_all_includes_the_letters_replayed_already_marked_so():
    waiting = DeadLetter.objects.create(payload=order_placed(), error="KeyError: 'total'")
    replayed = DeadLetter.objects.create(
        payload=order_placed(), error="KeyError: 'total'", replayed_at=datetime(2026, 11, 29, 5, 1, 18, tzinfo=UTC)
    )

    lines = dead_letters("list", "--all").splitlines()[1:]

    assert [line.split()[0] for line in lines] == [str(waiting.pk), str(replayed.pk)]
    assert "replayed" not in lines[0]
    assert lines[1].endswith("KeyError: 'total'  [replayed 2026-11-29 05:01:18 UTC]")


def test_list_says_so_when_no_letter_waits():
    DeadLetter.objects.create(payload=order_placed(), error="fixed", replayed_at=datetime.now(UTC))

    assert dead_letters("list") == "example has no dead letters waiting to be replayed\n"


def test_show_prints_the_error_in_full_and_the_payload_as_indented_json():
    envelope = order_placed()
    letter = DeadLetter.objects.create(payload=envelope, error=TRACEBACK)

    shown = dead_letters("show", str(letter.pk))

    assert f"event        order.placed {envelope['event_id']}\n" in shown
    assert "replayed at  not yet\n" in shown
    assert f"error:\n{TRACEBACK}payload:\n" in shown
    payload = shown.split("payload:\n", 1)[1]
    assert payload.startswith('{\n  "')
    assert json.loads(payload) == envelope


def test_show_payload_only_prints_json_to_save_and_correct():
    envelope = order_placed()
    letter = DeadLetter.objects.create(payload=envelope, error=TRACEBACK)

    assert json.loads(dead_letters("show", str(letter.pk), "--payload-only")) == envelope


@pytest.mark.parametrize("action", ["show", "replay"])
def test_an_unknown_id_is_refused_naming_it(action):
    with pytest.raises(CommandError, match="no dead letter with id 987654"):
        dead_letters(action, "987654")


def test_replaying_a_letter_replayed_already_is_refused_without_again():
    letter = DeadLetter.objects.create(
        payload=order_placed(), error="KeyError", replayed_at=datetime(2026, 11, 29, 5, 1, 18, tzinfo=UTC)
    )

    with pytest.raises(
        CommandError, match=f"dead letter {letter.pk} was replayed at 2026-11-29 05:01:18 UTC; add --again"
    ):
        dead_letters("replay", str(letter.pk))


def test_a_payload_that_is_no_envelope_is_not_replayed():
    letter = DeadLetter.objects.create(payload={"event_type": "order.placed"}, error="envelope lacks event_id")

    with pytest.raises(CommandError, match=r"no event envelope \(envelope lacks event_id"):
        dead_letters("replay", str(letter.pk))

    assert DeadLetter.objects.get(pk=letter.pk).replayed_at is None


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read .*: No such file or directory"), ('{"event_id": ', "is not valid JSON: Expecting value")],
    ids=["missing file", "broken JSON"],
)
def test_a_payload_file_that_holds_no_json_is_refused(tmp_path, content, message):
    letter = DeadLetter.objects.create(payload=order_placed(), error="KeyError")
    path = tmp_path / "letter.json"
    if content is not None:
        path.write_text(content)

    with pytest.raises(CommandError, match=message):
        dead_letters("replay", str(letter.pk), "--payload", str(path))

    assert DeadLetter.objects.get(pk=letter.pk).replayed_at is None


@pytest.fixture
def queues_without_a_worker():
    """This service's queues and another consumer's of order.placed, with no worker taking what
    arrives; the name of the other one. All are deleted afterwards."""
    declare_queues(app)
    another = Queue(f"{settings.EVENTS_EXCHANGE}.another", exchange=events_exchange(), routing_key="order.placed")
    with app.connection_for_write() as connection:
        another(connection.default_channel).declare()
    yield another.name
    with app.connection_for_write() as connection:
        another(connection.default_channel).delete()
    delete_queues(app)


def waiting_in(queue: str):
    """The next message in ``queue``, taken off it, or None."""
    with app.connection_for_read() as connection:
        return Queue(queue)(connection.default_channel).get(no_ack=True)


def test_a_replay_waits_in_this_service_s_events_queue_alone(queues_without_a_worker):
    envelope = order_placed()
    letter = DeadLetter.objects.create(payload=envelope, error="KeyError")

    dead_letters("replay", str(letter.pk))

    message = wait_until(lambda: waiting_in(settings.EVENTS_QUEUE), message="the replay in the events queue")
    assert message.headers["task"] == CONSUME_TASK
    assert message.decode()[0] == [envelope]
    assert waiting_in(settings.CELERY_TASK_DEFAULT_QUEUE) is None
    assert waiting_in(queues_without_a_worker) is None


def test_a_letter_the_consumer_kept_is_consumed_once_replayed_after_the_fix(event_worker, event_publisher, monkeypatch):
    def broken_handler(event):
        raise KeyError("total")

    monkeypatch.setitem(TASK_HANDLERS, "order.placed", broken_handler)
    envelope = order_placed(order_id=41)
    event_publisher(envelope)
    letter = wait_until(DeadLetter.objects.first, message="the consumer to keep the message as a dead letter")
    monkeypatch.setitem(TASK_HANDLERS, "order.placed", reserve_stock)

    out = dead_letters("replay", str(letter.pk))

    assert out == (
        f"replayed dead letter {letter.pk} (order.placed {envelope['event_id']}) to the queue "
        f"{settings.EVENTS_QUEUE}; should it fail again, it becomes a new dead letter\n"
    )
    wait_until(lambda: handled(envelope), message="the worker to consume the replayed message")
    assert answered(41)
    assert DeadLetter.objects.get(pk=letter.pk).replayed_at is not None
    assert DeadLetter.objects.count() == 1


def test_a_corrected_envelope_from_a_file_is_replayed_and_the_letter_keeps_its_payload(
    event_worker, monkeypatch, tmp_path
):
    monkeypatch.setitem(TASK_HANDLERS, "order.placed", reserve_stock)
    corrected = order_placed(order_id=42)
    kept = {key: value for key, value in corrected.items() if key != "occurred_at"}
    letter = DeadLetter.objects.create(payload=kept, error="envelope lacks occurred_at")
    path = tmp_path / "corrected.json"
    path.write_text(json.dumps(corrected))

    dead_letters("replay", str(letter.pk), "--payload", str(path))

    wait_until(lambda: handled(corrected), message="the worker to consume the corrected envelope")
    assert answered(42)
    letter.refresh_from_db()
    assert (letter.payload, letter.replayed_at is not None) == (kept, True)


def test_again_replays_a_letter_replayed_before(event_worker, monkeypatch):
    monkeypatch.setitem(TASK_HANDLERS, "order.placed", reserve_stock)
    envelope = order_placed(order_id=43)
    first_replay = datetime(2026, 11, 29, 5, 1, 18, tzinfo=UTC)
    letter = DeadLetter.objects.create(payload=envelope, error="KeyError", replayed_at=first_replay)

    dead_letters("replay", str(letter.pk), "--again")

    wait_until(lambda: handled(envelope), message="the worker to consume the message replayed again")
    assert DeadLetter.objects.get(pk=letter.pk).replayed_at > first_replay
