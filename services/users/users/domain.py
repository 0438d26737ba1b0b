"""Profile rules with no database: which fields a user may change, what a valid phone number and birth date are."""

from collections.abc import Mapping
from datetime import date

import phonenumbers

# What a user may change about themselves: their names on the account, the rest on the profile.
USER_FIELDS = frozenset({"first_name", "last_name"})
PROFILE_FIELDS = frozenset({"bio", "phone_number", "birth_date"})


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


def split_update(fields: Mapping[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """The changes to the account and those to its profile; ``ValueError`` naming any other field.

    Username, email, password and staff status are not among them: no update changes those.
    """
    unknown = set(fields) - USER_FIELDS - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"cannot update {', '.join(sorted(unknown))}")
    user_changes = {name: value for name, value in fields.items() if name in USER_FIELDS}
    profile_changes = {name: value for name, value in fields.items() if name in PROFILE_FIELDS}
    return user_changes, profile_changes
