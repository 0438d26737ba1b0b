from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty

from tests.factories import UserFactory
from users.api.serializers import (
    InternalUserOutputSerializer,
    LoginInputSerializer,
    UserDetailOutputSerializer,
    UserRegisterInputSerializer,
    UserUpdateInputSerializer,
)


def registration_field(name: str):
    return UserRegisterInputSerializer().fields[name]


def password_field():
    return registration_field("password")


def test_testpass123_is_a_good_enough_password():
    assert password_field().run_validation("testpass123") == "testpass123"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("123", "too short"),
        ("tp12345", "too short"),
        ("12345678901", "entirely numeric"),
        ("password123", "too common"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(password, reason):
    with pytest.raises(ValidationError) as refused:
        password_field().run_validation(password)

    assert reason in str(refused.value.detail)


def username_field():
    return registration_field("username")


@pytest.mark.parametrize("username", ["ada", "ada.lovelace+shop@home", "Ada_1-2"])
def test_ascii_letters_digits_and_a_few_signs_make_a_username(username):
    assert username_field().run_validation(username) == username


@pytest.mark.parametrize("username", ["adé", "ада", "ada lovelace", "ada!"])
def test_any_other_character_is_refused_in_a_username_as_the_document_s_pattern_says(username):
    with pytest.raises(ValidationError) as refused:
        username_field().run_validation(username)

    assert "ASCII letters, digits" in str(refused.value.detail)


@pytest.mark.parametrize("name", ["username", "email", "password"])
def test_username_email_and_password_are_required_to_register(name):
    # DRF validates a field left out of the request as ``empty``.
    with pytest.raises(ValidationError) as refused:
        registration_field(name).run_validation(empty)

    assert refused.value.detail == ["This field is required."]


@pytest.mark.parametrize("name", ["first_name", "last_name"])
def test_names_are_optional_and_empty_when_left_out(name):
    assert registration_field(name).run_validation(empty) == ""


def test_an_email_must_look_like_one():
    with pytest.raises(ValidationError) as refused:
        registration_field("email").run_validation("ada-at-example")

    assert refused.value.detail == ["Enter a valid email address."]


def test_logging_in_needs_a_password():
    serializer = LoginInputSerializer(data={"username": "ada"})

    assert not serializer.is_valid()
    assert set(serializer.errors) == {"password"}


def test_the_password_keeps_its_spaces():
    assert password_field().run_validation(" testpass123 ") == " testpass123 "


def test_an_update_keeps_only_the_fields_a_user_may_change():
    serializer = UserUpdateInputSerializer(
        data={"first_name": "Ada", "username": "root", "email": "x@example.com", "is_staff": True, "password": "x"},
        partial=True,
    )

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"first_name": "Ada"}


def test_an_update_stores_the_phone_number_in_e164():
    serializer = UserUpdateInputSerializer(data={"phone_number": "+1 (415) 555-2671"}, partial=True)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["phone_number"] == "+14155552671"


def test_an_update_refuses_a_phone_number_without_country_code():
    serializer = UserUpdateInputSerializer(data={"phone_number": "415 555 2671"}, partial=True)

    assert not serializer.is_valid()
    assert "country code" in serializer.errors["phone_number"][0]


def test_an_empty_phone_number_removes_it():
    serializer = UserUpdateInputSerializer(data={"phone_number": ""}, partial=True)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["phone_number"] == ""


def test_an_update_refuses_a_birth_date_in_the_future():
    tomorrow = timezone.localdate() + timedelta(days=1)

    serializer = UserUpdateInputSerializer(data={"birth_date": tomorrow.isoformat()}, partial=True)

    assert not serializer.is_valid()
    assert serializer.errors["birth_date"] == ["A birth date cannot be in the future."]


def test_a_birth_date_can_be_removed():
    serializer = UserUpdateInputSerializer(data={"birth_date": None}, partial=True)

    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["birth_date"] is None


@pytest.mark.parametrize("field", ["username", "password", "first_name", "last_name"])
def test_a_number_where_sign_up_wants_text_is_refused_not_turned_into_text(field):
    with pytest.raises(ValidationError) as refused:
        registration_field(field).run_validation(1234567890)

    assert "Not a valid string." in str(refused.value.detail)


def test_a_users_details_show_the_account_and_its_profile_and_never_the_password():
    # Built, not saved: rendering reads the objects alone.
    ada = UserFactory.build(id=7, username="ada", profile__bio="Writes programs", profile__phone_number="+442083661177")

    shown = UserDetailOutputSerializer(ada).data

    assert set(shown) == {
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "is_active",
        "created_at",
        "bio",
        "phone_number",
        "birth_date",
    }
    assert (shown["id"], shown["username"], shown["bio"], shown["phone_number"]) == (
        7,
        "ada",
        "Writes programs",
        "+442083661177",
    )


def test_the_internal_view_of_a_user_says_whether_the_account_is_active():
    grace = UserFactory.build(id=8, username="grace", email="grace@example.com", is_active=False)

    shown = InternalUserOutputSerializer(grace).data

    assert shown == {
        "id": 8,
        "username": "grace",
        "email": "grace@example.com",
        "first_name": grace.first_name,
        "last_name": grace.last_name,
        "is_active": False,
    }
