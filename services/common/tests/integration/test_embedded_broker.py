"""The embedded broker hands a consumer whole messages, even while the producer is writing."""

import threading
from queue import Empty

import pytest
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
