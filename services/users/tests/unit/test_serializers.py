from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from users.api.serializers import UserRegisterInputSerializer, UserUpdateInputSerializer


def password_field():
    return UserRegisterInputSerializer().fields["password"]


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
    return UserRegisterInputSerializer().fields["username"]


@pytest.mark.parametrize("username", ["ada", "ada.lovelace+shop@home", "Ada_1-2"])
def test_ascii_letters_digits_and_a_few_signs_make_a_username(username):
    assert username_field().run_validation(username) == username


@pytest.mark.parametrize("username", ["adé", "ада", "ada lovelace", "ada!"])
def test_any_other_character_is_refused_in_a_username_as_the_document_s_pattern_says(username):
    with pytest.raises(ValidationError) as refused:
        username_field().run_validation(username)

    assert "ASCII letters, digits" in str(refused.value.detail)


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
        UserRegisterInputSerializer().fields[field].run_validation(1234567890)

    assert "Not a valid string." in str(refused.value.detail)
