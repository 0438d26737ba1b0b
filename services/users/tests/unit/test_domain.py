from datetime import date

import pytest

from users.domain import InvalidBirthDate, InvalidPhoneNumber, check_birth_date, normalize_phone_number


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
