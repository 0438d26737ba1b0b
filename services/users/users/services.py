"""Writes of the users service: accounts, profiles, and the tokens that prove who is calling."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from rest_framework_simplejwt.settings import api_settings

from microshop_common.events.outbox import publish_event
from users.domain import split_update
from users.errors import AccountExists, InvalidCredentials, InvalidRefreshToken
from users.events.published import UserRegistered
from users.models import Profile, User
from users.selectors import user_get_active
from users.tokens import TokenPair, read_refresh_token, token_pair_for, token_pair_refreshed, token_revoke

logger = logging.getLogger(__name__)


@transaction.atomic
def user_register(*, username: str, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Open an account with an empty profile, and announce it with ``user.registered``.

    The password is stored as given (hashed): the API has checked it against
    ``AUTH_PASSWORD_VALIDATORS`` before calling this.
    """
    with _unique_account():
        user = User.objects.create_user(
            username=username, email=email, password=password, first_name=first_name, last_name=last_name
        )
    Profile.objects.create(user=user)
    publish_event(
        UserRegistered(
            user_id=user.pk,
            username=user.username,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
        )
    )
    logger.info("user %s registered", user.pk)
    return user


@transaction.atomic
def user_update(*, user: User, **fields: object) -> User:
    """Change a user's names and profile. Username, email, password and staff status stay as they are."""
    user_changes, profile_changes = split_update(fields)
    if user_changes:
        for name, value in user_changes.items():
            setattr(user, name, value)
        user.full_clean()
        user.save(update_fields=[*user_changes])
    if profile_changes:
        profile = _profile_of(user)
        for name, value in profile_changes.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save(update_fields=[*profile_changes])
    return user


@transaction.atomic
def user_ensure_staff(*, username: str, password: str, email: str) -> tuple[User, bool]:
    """Make ``username`` an active staff superuser; return it and whether it is new.

    A new account gets ``password`` and ``email``. An existing one keeps both: running
    the setup again, as every deployment does, never resets a password someone changed.
    The password skips ``AUTH_PASSWORD_VALIDATORS`` on purpose: this is how the local
    demo's admin/admin gets in. Seeding an account is not a registration, so no
    ``user.registered`` goes out.
    """
    with _unique_account():
        user, created = User.objects.update_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": True, "is_active": True},
            create_defaults={
                "email": User.objects.normalize_email(email),
                "password": make_password(password),
                "is_staff": True,
                "is_superuser": True,
                "is_active": True,
            },
        )
    Profile.objects.get_or_create(user=user)
    return user, created


def token_obtain(*, username: str, password: str) -> TokenPair:
    """Tokens for an active account whose password matches; one answer for every other case,
    so that a caller cannot learn which usernames exist."""
    user = authenticate(username=username, password=password)
    if user is None:
        raise InvalidCredentials("No active account found with the given username and password")
    return token_pair_for(user)


@transaction.atomic
def token_refresh(*, refresh_token: str) -> TokenPair:
    """A new pair, only while the account is still active, with its current claims.

    The refresh token given is blacklisted (rotation): using it again is refused.
    """
    refresh = read_refresh_token(refresh_token)
    user = user_get_active(user_id=refresh[api_settings.USER_ID_CLAIM])
    if user is None:
        raise InvalidRefreshToken("The account of this token is inactive or gone")
    return token_pair_refreshed(refresh, user)


def token_logout(*, refresh_token: str) -> None:
    """Log out: the refresh token can no longer be used."""
    token_revoke(read_refresh_token(refresh_token))


@contextmanager
def _unique_account() -> Iterator[None]:
    # The API refuses a taken username or email before it gets here; only the database
    # sees a request that raced another one past that check.
    try:
        yield
    except IntegrityError as exc:
        raise AccountExists("A user with this username or email already exists") from exc


def _profile_of(user: User) -> Profile:
    try:
        return user.profile
    except Profile.DoesNotExist:
        # Accounts made outside this module (``manage.py createsuperuser``) have none yet.
        return Profile.objects.create(user=user)
