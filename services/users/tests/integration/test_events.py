"""user.registered leaves through the outbox and reaches the real broker."""

import uuid

import pytest
from celery import current_app
from kombu import Queue

from microshop_common.events.broker import CONSUME_TASK, events_exchange
from microshop_common.events.outbox import relay_pending_events
from microshop_testing.polling import wait_until

# Committed for real, as in production: the relay reads only what a transaction committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def user_registered_queue():
    """A queue bound to ``user.registered`` on the events exchange, as notifications' is."""
    queue = Queue(f"test.user-registered.{uuid.uuid4().hex[:8]}", events_exchange(), routing_key="user.registered")
    with current_app.connection_for_write() as conn:
        bound = queue(conn.default_channel)
        bound.declare()
        yield bound
        bound.delete()


def test_a_registration_reaches_the_broker_once_the_outbox_is_relayed(
    api_client, event_publisher, user_registered_queue
):
    user_id = api_client.post(
        "/api/users/", {"username": "ada", "email": "ada@example.com", "password": "testpass123"}
    ).json()["id"]

    assert relay_pending_events(publish=event_publisher) == 1

    message = wait_until(lambda: user_registered_queue.get(no_ack=True), message="user.registered on the broker")
    args, _kwargs, _embed = message.decode()  # Celery's task message: (args, kwargs, embed)
    [envelope] = args
    assert message.headers["task"] == CONSUME_TASK
    assert envelope["event_type"] == "user.registered"
    assert envelope["data"]["user_id"] == user_id
    assert relay_pending_events(publish=event_publisher) == 0
