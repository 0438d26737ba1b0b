import pytest
from django.db import transaction

from microshop_common.events.models import OutboxEvent
from tests.factories import UserFactory
from users.errors import AccountExists
from users.models import Profile, User
from users.services import user_register, user_update

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


def test_a_registered_user_has_a_profile():
    user = register()

    assert Profile.objects.filter(user=user).exists()


def test_an_update_refuses_fields_it_does_not_own():
    ada = UserFactory()

    with pytest.raises(ValueError, match="is_staff"):
        user_update(user=ada, is_staff=True)
