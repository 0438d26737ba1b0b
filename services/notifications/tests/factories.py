import uuid

import factory

from notifications.clients.users import UserAccount
from notifications.domain import NotificationType
from notifications.models import Notification


class UserAccountFactory(factory.Factory):
    """A user as the users service describes it."""

    class Meta:
        model = UserAccount

    id = factory.Sequence(lambda n: 1000 + n)
    username = factory.Sequence(lambda n: f"customer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    is_active = True


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user_id = factory.Sequence(lambda n: 1000 + n)
    type = NotificationType.ORDER_CONFIRMED
    subject = factory.LazyAttribute(lambda notification: f"Your order #{notification.order_id} is confirmed")
    message = factory.LazyAttribute(lambda notification: f"Your order #{notification.order_id} is confirmed.")
    status = Notification.Status.SENT
    event_id = factory.LazyFunction(uuid.uuid4)
    recipient = factory.Faker("email")

    class Params:
        order_id = factory.Sequence(lambda n: 5000 + n)
