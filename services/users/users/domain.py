"""Profile rules with no database: what a valid phone number and birth date are."""

from datetime import date

import phonenumbers


class InvalidPhoneNumber(ValueError):
    pass


class InvalidBirthDate(ValueError):
    pass


def normalize_phone_number(raw: str) -> str:
    """The number in E.164 form (``+442083661177``), the one form stored and shown.

    Users serves customers of every country and knows none of their regions, so a
    number must carry its country code: ``+44 20 8366 1177``, not ``020 8366 1177``.
    """
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(f"{raw!r} is not a phone number in international form: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(f"{raw!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_birth_date(birth_date: date, *, today: date) -> date:
    if birth_date > today:
        raise InvalidBirthDate(f"a birth date cannot be in the future ({birth_date.isoformat()})")
    return birth_date
