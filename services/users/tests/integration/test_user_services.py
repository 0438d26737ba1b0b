import pytest
from django.db import transaction

from microshop_common.events.models import OutboxEvent
from users.errors import AccountExists
from users.models import User
from users.services import user_register

pytestmark = pytest.mark.django_db


def register(**overrides) -> User:
    return user_register(**{"username": "ada", "email": "ada@example.com", "password": "testpass123", **overrides})


def test_a_registration_rolled_back_leaves_no_account_and_no_event(published_events):
    class Boom(Exception):
        pass

    def register_then_fail():
        with transaction.atomic():
            register()
            raise Boom

    with pytest.raises(Boom):
        register_then_fail()

    assert not User.objects.filter(username="ada").exists()
    assert published_events("user.registered") == []


def test_the_database_refuses_a_second_account_with_the_same_email_in_another_case():
    register()

    # As when two requests race past the API's check for a taken email.
    with pytest.raises(AccountExists) as refused:
        register(username="ada2", email="ADA@example.COM")

    assert refused.value.code == "USER_EXISTS"
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1


def test_the_database_refuses_a_second_account_with_the_same_username_and_publishes_once():
    register()

    with pytest.raises(AccountExists):
        register(email="other@example.com")

    assert OutboxEvent.objects.filter(event_type="user.registered").count() == 1


def test_the_domain_of_an_email_is_stored_in_lower_case():
    user = register(email="Ada@Example.COM")

    assert user.email == "Ada@example.com"
