"""The embedded broker hands a consumer whole messages, even while the producer is writing,
and a worker waiting on it stops soon after it is told to."""

import threading
import time
from queue import Empty

import pytest
from celery.worker import state as worker_state
from kombu import Connection

from microshop_common.settings.celery import broker_transport_options

MESSAGES = 300
# Big enough that writing one takes a while, so a consumer polling the folder meets
# messages being written, as a worker does while a relay publishes.
PAYLOAD = "x" * 200_000


@pytest.fixture
def channel(tmp_path):
    url = f"filesystem://{tmp_path}"
    with Connection(url, transport="microshop_common.events.filesystem:Transport") as connection:
        connection.transport_options.update(broker_transport_options(url))
        yield connection.default_channel


def test_the_broker_makes_its_folders_when_it_is_first_used(tmp_path):
    url = f"filesystem://{tmp_path / 'broker'}"

    with Connection(url, transport="microshop_common.events.filesystem:Transport") as connection:
        connection.transport_options.update(broker_transport_options(url))
        connection.default_channel.queue_declare("orders")

    assert {path.name for path in (tmp_path / "broker").iterdir()} == {"messages", "control"}


def test_a_consumer_polling_while_messages_are_written_reads_each_one_whole(channel):
    channel.queue_declare("orders")
    received, failures = [], []

    def consume():
        while len(received) + len(failures) < MESSAGES:
            try:
                received.append(channel._get("orders"))
            except Empty:
                continue
            except ValueError as exc:  # the JSON of a message read before it was written
                failures.append(exc)

    consumer = threading.Thread(target=consume)
    consumer.start()
    for number in range(MESSAGES):
        channel._put("orders", {"number": number, "body": PAYLOAD})
    consumer.join(timeout=60)

    assert failures == []
    assert sorted(message["number"] for message in received) == list(range(MESSAGES))


def test_messages_sent_within_the_same_millisecond_are_taken_in_the_order_they_were_sent(channel):
    channel.queue_declare("orders")
    # Small messages in a tight loop: many share a millisecond, as a relay's batch does.
    for number in range(200):
        channel._put("orders", {"number": number})

    taken = [channel._get("orders")["number"] for _ in range(200)]

    assert taken == list(range(200))


@pytest.fixture
def worker_not_stopping(monkeypatch):
    """Celery's flags for a worker told to stop, clear, and put back as they were afterwards."""
    monkeypatch.setattr(worker_state, "should_stop", None)
    monkeypatch.setattr(worker_state, "should_terminate", None)


def waited_for_nothing(channel, timeout: float) -> float:
    """How long a wait for a message on an empty queue took before it timed out."""
    channel.queue_declare("orders")
    channel.basic_consume("orders", no_ack=True, callback=lambda message: None, consumer_tag="waiting")
    began = time.monotonic()
    with pytest.raises(TimeoutError):
        channel.connection.client.drain_events(timeout=timeout)
    return time.monotonic() - began


def test_a_wait_for_messages_lasts_its_whole_timeout_while_the_worker_runs(channel, worker_not_stopping):
    assert 1.0 <= waited_for_nothing(channel, timeout=1.0) < 1.5


def test_a_wait_for_messages_ends_soon_after_the_worker_is_told_to_stop(channel, worker_not_stopping):
    told_to_stop = threading.Timer(0.3, setattr, args=(worker_state, "should_stop", 0))
    told_to_stop.start()
    try:
        waited = waited_for_nothing(channel, timeout=5.0)
    finally:
        # Set after the fixture put the flag back, it would stop every later in-process worker.
        told_to_stop.cancel()
        told_to_stop.join()

    assert waited < 1.0
