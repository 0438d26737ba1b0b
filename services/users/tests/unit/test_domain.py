from datetime import date

import pytest

from users.domain import InvalidBirthDate, InvalidPhoneNumber, check_birth_date, normalize_phone_number, split_update


@pytest.mark.parametrize(
    "written",
    ["+44 20 8366 1177", "+442083661177", "+44 (0)20 8366-1177", "  +44 20 8366 1177 "],
)
def test_a_phone_number_is_stored_in_e164_however_it_is_written(written):
    assert normalize_phone_number(written) == "+442083661177"


def test_a_phone_number_without_its_country_code_is_refused():
    with pytest.raises(InvalidPhoneNumber, match="international form"):
        normalize_phone_number("020 8366 1177")


def test_a_phone_number_with_too_few_digits_for_its_country_is_refused():
    with pytest.raises(InvalidPhoneNumber, match="not a valid phone number"):
        normalize_phone_number("+44 20 8366")


def test_text_is_not_a_phone_number():
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone_number("call me maybe")


def test_a_birth_date_today_or_earlier_is_accepted():
    today = date(2024, 5, 17)

    assert check_birth_date(today, today=today) == today
    assert check_birth_date(date(1970, 1, 1), today=today) == date(1970, 1, 1)


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(InvalidBirthDate, match="future"):
        check_birth_date(date(2024, 5, 18), today=date(2024, 5, 17))


def test_an_update_is_split_into_the_account_s_names_and_the_profile():
    user_changes, profile_changes = split_update({"first_name": "Ada", "bio": "Counts things.", "birth_date": None})

    assert user_changes == {"first_name": "Ada"}
    assert profile_changes == {"bio": "Counts things.", "birth_date": None}


@pytest.mark.parametrize("field", ["username", "email", "password", "is_staff", "is_active"])
def test_an_update_refuses_a_field_a_user_may_not_change(field):
    with pytest.raises(ValueError, match=f"cannot update {field}"):
        split_update({"first_name": "Ada", field: "x"})
