"""The events users publishes, with the fields its consumers' pacts name."""

from dataclasses import dataclass

from microshop_common.events.types import DomainEvent


@dataclass(frozen=True)
class UserRegistered(DomainEvent):
    """Notifications welcomes the customer, and keeps the address to write to them later."""

    event_type = "user.registered"

    user_id: int
    username: str
    email: str
    first_name: str
    last_name: str
