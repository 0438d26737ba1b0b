"""Users against every pact that names it: its API running as real processes, and the
``user.registered`` event as ``user_register`` writes it to the outbox.

Run the consumers' tests first to verify the pacts they write; alone, this verifies the
pacts committed in services/contracts/pacts/.
"""

import uuid

import pytest

from microshop_testing.openapi import check_response
from microshop_testing.pacts import consumers_of, http_interactions_with, outbox_message, replay, verify_pact
from microshop_testing.tokens import service_token
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


def provider_state(state: str, action: str, parameters: dict | None) -> None:
    """Before an interaction, exactly the rows it needs; after it, no user left for the next one."""
    if action == "setup":
        STATES[state](**(parameters or {}))
    else:
        User.objects.all().delete()


def a_user_registers():
    name = f"ada-{uuid.uuid4().hex[:8]}"
    user_register(username=name, email=f"{name}@example.com", password="testpass123", first_name="Ada", last_name="L")
    return outbox_message("user.registered")


MESSAGES = {"user.registered": a_user_registers}


def calling_as(consumer: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {service_token(consumer)}"}


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_users_honours_its_pact_with(consumer, users_service):
    verify_pact(
        consumer=consumer,
        provider="users",
        service_url=users_service.url,
        states=provider_state,
        messages=MESSAGES,
        headers=calling_as(consumer),
    )


def test_every_pact_naming_users_is_verified_here():
    assert consumers_of("users") == CONSUMERS


@pytest.mark.parametrize(("consumer", "interaction"), http_interactions_with("users"))
def test_every_answer_a_consumer_expects_is_described_by_the_openapi_document(consumer, interaction, users_service):
    for state in interaction.get("providerStates", []):
        provider_state(state["name"], "setup", state.get("params"))

    response = replay(interaction, base_url=users_service.url, headers=calling_as(consumer))

    assert response.status_code == interaction["response"]["status"]
    check_response(response)
