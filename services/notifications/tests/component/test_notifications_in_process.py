"""Notifications as a black box, in this process: the events it consumes fed through its
real handlers, users answered over HTTP by ``responses``, what the customer sees read
through the API, and the e-mails it sends caught by Django's locmem backend.

The test plays users and orders (it publishes their events), users' internal endpoint
(the ``users_stub`` fixture) and the customer reading their notifications.
"""

import pytest

from microshop_common.clients import ServiceUnavailable
from microshop_common.events.consumer import consume_event
from notifications.bootstrap import event_handlers
from tests.events import order_event, payment_event, user_registered
from tests.factories import UserAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Hand an envelope to the real handlers as the worker does, then commit: the e-mail
    waits for the commit, which a test's transaction never reaches on its own."""

    def deliver(envelope: dict) -> bool:
        with django_capture_on_commit_callbacks(execute=True):
            return consume_event(envelope, event_handlers())

    return deliver


def notifications_of(client_for, user_id: int) -> list[dict]:
    response = client_for(user_id=user_id).get(f"/api/users/{user_id}/notifications/")
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize(
    ("event_type", "subject"),
    [
        ("order.placed", "We received your order #6101"),
        ("order.confirmed", "Your order #6101 is confirmed"),
        ("order.rejected", "Your order #6101 could not be accepted"),
        ("order.cancelled", "Your order #6101 is cancelled"),
    ],
)
def test_an_order_event_is_shown_to_the_customer_and_e_mailed_to_the_address_users_gives(
    event_type, subject, deliver, users_stub, client_for, mailoutbox
):
    ann = users_stub.has(UserAccountFactory())

    deliver(order_event(event_type, order_id=6101, user_id=ann.id))

    [notification] = notifications_of(client_for, ann.id)
    assert (notification["type"], notification["status"]) == (event_type.replace(".", "_"), "sent")
    assert "#6101" in notification["message"]
    [email] = mailoutbox
    assert (email.to, email.subject) == ([ann.email], subject)
    assert notification["message"] in email.body


@pytest.mark.parametrize(
    ("event_type", "subject"),
    [
        ("payment.failed", "The payment for your order #6111 failed"),
        ("payment.refunded", "Your order #6111 is refunded"),
    ],
)
def test_a_payment_event_is_e_mailed_to_the_address_of_the_customer_s_welcome_without_asking_users(
    event_type, subject, deliver, users_stub, client_for, mailoutbox
):
    ann = UserAccountFactory()
    deliver(user_registered(ann))

    deliver(payment_event(event_type, order_id=6111, user_id=ann.id))

    notification, _welcome = notifications_of(client_for, ann.id)
    assert (notification["type"], notification["status"]) == (event_type.replace(".", "_"), "sent")
    assert "#6111" in notification["message"]
    assert [(email.to, email.subject) for email in mailoutbox[1:]] == [([ann.email], subject)]
    assert users_stub.requests == []


def test_a_redelivered_payment_event_notifies_once(deliver, users_stub, client_for, mailoutbox):
    ann = users_stub.has(UserAccountFactory())
    envelope = payment_event("payment.failed", order_id=6112, user_id=ann.id)
    deliver(envelope)

    handled_again = deliver(envelope)

    assert handled_again is False
    assert len(notifications_of(client_for, ann.id)) == 1
    assert len(mailoutbox) == 1


def test_a_new_customer_is_welcomed_at_the_address_they_registered_with_without_asking_users(
    deliver, users_stub, client_for, mailoutbox
):
    ann = UserAccountFactory(first_name="Ann")

    deliver(user_registered(ann))

    [welcome] = notifications_of(client_for, ann.id)
    assert (welcome["type"], welcome["status"]) == ("welcome", "sent")
    assert welcome["message"].startswith("Welcome to microshop, Ann!")
    assert [(email.to, email.subject) for email in mailoutbox] == [([ann.email], "Welcome to microshop")]
    assert users_stub.requests == []


def test_a_customer_sees_every_step_of_their_order_newest_first(deliver, users_stub, client_for):
    ann = users_stub.has(UserAccountFactory())

    deliver(user_registered(ann))
    deliver(order_event("order.placed", order_id=6102, user_id=ann.id))
    deliver(order_event("order.confirmed", order_id=6102, user_id=ann.id))

    types = [notification["type"] for notification in notifications_of(client_for, ann.id)]
    assert types == ["order_confirmed", "order_placed", "welcome"]


def test_a_redelivered_event_notifies_once(deliver, users_stub, client_for, mailoutbox):
    ann = users_stub.has(UserAccountFactory())
    envelope = order_event("order.confirmed", order_id=6103, user_id=ann.id)
    deliver(envelope)

    handled_again = deliver(envelope)

    assert handled_again is False
    assert len(notifications_of(client_for, ann.id)) == 1
    assert len(mailoutbox) == 1


def test_while_users_is_down_an_event_fails_to_be_retried_and_leaves_no_trace(
    deliver, users_stub, client_for, mailoutbox
):
    ann = users_stub.has(UserAccountFactory())
    users_stub.goes_down()
    envelope = order_event("order.confirmed", order_id=6104, user_id=ann.id)

    with pytest.raises(ServiceUnavailable):
        deliver(envelope)

    assert notifications_of(client_for, ann.id) == []
    assert mailoutbox == []


def test_the_retry_after_users_comes_back_notifies_the_customer(deliver, users_stub, client_for, mailoutbox):
    ann = users_stub.has(UserAccountFactory())
    users_stub.goes_down()
    envelope = order_event("order.confirmed", order_id=6105, user_id=ann.id)
    with pytest.raises(ServiceUnavailable):
        deliver(envelope)
    users_stub.comes_back()

    deliver(envelope)

    [notification] = notifications_of(client_for, ann.id)
    assert (notification["type"], notification["status"]) == ("order_confirmed", "sent")
    assert [email.to for email in mailoutbox] == [[ann.email]]


def test_an_order_of_a_customer_users_does_not_know_is_shown_as_failed_and_e_mails_nobody(
    deliver, users_stub, client_for, mailoutbox
):
    unknown_user_id = 999999

    handled = deliver(order_event("order.confirmed", order_id=6106, user_id=unknown_user_id))

    assert handled is True
    [notification] = notifications_of(client_for, unknown_user_id)
    assert notification["status"] == "failed"
    assert mailoutbox == []
