import pytest

from microshop_common.events.consumer import consume_event
from microshop_common.events.envelope import build_envelope
from notifications.bootstrap import Clients, event_handlers
from notifications.models import Notification
from tests.factories import UserAccountFactory
from tests.fakes import FakeUsersClient

pytestmark = pytest.mark.django_db


def test_the_handlers_ask_the_users_client_they_are_given():
    users = FakeUsersClient(UserAccountFactory(id=7, email="ann@example.com"))
    envelope = build_envelope("order.confirmed", {"order_id": 70, "user_id": 7, "total": "5.00"}, producer="orders")

    consume_event(envelope, event_handlers(Clients(users=users)))

    assert users.requested == [7]
    assert Notification.objects.get(event_id=envelope["event_id"]).recipient == "ann@example.com"
