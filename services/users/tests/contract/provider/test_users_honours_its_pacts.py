"""Users against every pact that names it: its API running as real processes, and the
``user.registered`` event as ``user_register`` writes it to the outbox.

Run the consumers' tests first to verify the pacts they write; alone, this verifies the
pacts committed in services/contracts/pacts/.
"""

import uuid

import pytest

from microshop_testing.openapi import check_response
from microshop_testing.pacts import (
    consumers_of,
    http_interactions_with,
    outbox_message,
    provider_states,
    replay,
    verify_pact,
)
from microshop_testing.tokens import service_authorization
from tests.factories import UserFactory
from users.models import User
from users.services import user_register

CONSUMERS = ["notifications", "orders"]

# The service's processes, and the threads pact-python calls the states and messages from,
# see only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def a_user_exists(*, id: int, is_active: bool = True) -> None:
    UserFactory(id=id, is_active=is_active)


def no_user_has_the_id(*, id: int) -> None:
    User.objects.filter(pk=id).delete()


STATES = {"a user exists": a_user_exists, "no user has the id": no_user_has_the_id}

# After an interaction, no user left for the next one.
provider_state = provider_states(STATES, teardown=lambda: User.objects.all().delete())


def a_user_registers():
    name = f"ada-{uuid.uuid4().hex[:8]}"
    user_register(username=name, email=f"{name}@example.com", password="testpass123", first_name="Ada", last_name="L")
    return outbox_message("user.registered")


MESSAGES = {"user.registered": a_user_registers}


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_users_honours_its_pact_with(consumer, live_provider):
    verify_pact(
        consumer=consumer,
        provider="users",
        service_url=live_provider.url,
        states=provider_state,
        messages=MESSAGES,
        headers=service_authorization(consumer),
    )


def test_every_pact_naming_users_is_verified_here():
    assert consumers_of("users") == CONSUMERS


@pytest.mark.parametrize(("consumer", "interaction"), http_interactions_with("users"))
def test_every_answer_a_consumer_expects_is_described_by_the_openapi_document(consumer, interaction, live_provider):
    response = replay(
        interaction, base_url=live_provider.url, headers=service_authorization(consumer), states=provider_state
    )

    assert response.status_code == interaction["response"]["status"]
    check_response(response)
