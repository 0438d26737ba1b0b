from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.utils import timezone
from rest_framework import serializers

from microshop_common.api.fields import StrictCharField
from users.domain import InvalidBirthDate, InvalidPhoneNumber, check_birth_date, normalize_phone_number
from users.models import User

# Spelt out, so that the OpenAPI document's pattern means what the server checks: in Python
# \w is any letter, in a JSON Schema pattern only an ASCII one.
USERNAME_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_.@+-]+$",
    "Enter a valid username: ASCII letters, digits and @ . + - _ only.",
)

# Output serializers name their fields rather than derive them from the model: a
# ModelSerializer inspects the model anew for every object it renders.


class InternalUserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    is_active = serializers.BooleanField()


class UserOutputSerializer(InternalUserOutputSerializer):
    created_at = serializers.DateTimeField(source="date_joined")


class UserDetailOutputSerializer(UserOutputSerializer):
    bio = serializers.CharField(source="profile.bio")
    phone_number = serializers.CharField(source="profile.phone_number")
    birth_date = serializers.DateField(source="profile.birth_date", allow_null=True)


class UserRegisterInputSerializer(serializers.Serializer):
    username = StrictCharField(
        max_length=150,
        validators=[USERNAME_VALIDATOR],
        help_text="ASCII letters, digits and @ . + - _ only.",
    )
    email = serializers.EmailField(max_length=254)
    password = StrictCharField(
        write_only=True,
        trim_whitespace=False,
        min_length=8,
        max_length=128,
        # DRF turns the Django ValidationError of a failed rule into field errors.
        validators=[password_validation.validate_password],
        style={"input_type": "password"},
        help_text="At least 8 characters, not a common password, not only digits.",
    )
    first_name = StrictCharField(max_length=150, allow_blank=True, default="")
    last_name = StrictCharField(max_length=150, allow_blank=True, default="")

    def validate_username(self, username: str) -> str:
        if User.objects.filter(username=username).exists():
            raise serializers.ValidationError("A user with this username already exists.")
        return username

    def validate_email(self, email: str) -> str:
        if User.objects.filter(email__iexact=email).exists():
            raise serializers.ValidationError("A user with this email already exists.")
        return email


class UserUpdateInputSerializer(serializers.Serializer):
    """What a user may change about themselves (use with ``partial=True``); other fields are ignored."""

    first_name = StrictCharField(max_length=150, allow_blank=True)
    last_name = StrictCharField(max_length=150, allow_blank=True)
    bio = StrictCharField(max_length=2000, allow_blank=True)
    phone_number = StrictCharField(
        max_length=32,
        allow_blank=True,
        help_text="With its country code, e.g. +44 20 8366 1177; shown in E.164 form. Empty removes it.",
    )
    birth_date = serializers.DateField(allow_null=True)

    def validate_phone_number(self, raw: str) -> str:
        if not raw:
            return ""
        try:
            return normalize_phone_number(raw)
        except InvalidPhoneNumber:
            raise serializers.ValidationError(
                "Enter a valid phone number with its country code, e.g. +44 20 8366 1177."
            ) from None

    def validate_birth_date(self, birth_date):
        if birth_date is None:
            return None
        try:
            return check_birth_date(birth_date, today=timezone.localdate())
        except InvalidBirthDate:
            raise serializers.ValidationError("A birth date cannot be in the future.") from None


class UserSearchInputSerializer(serializers.Serializer):
    search = serializers.CharField(
        max_length=150, allow_blank=True, default="", help_text="Part of a username, email, first or last name."
    )


class LoginInputSerializer(serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(write_only=True, trim_whitespace=False, max_length=128)


class TokenRefreshInputSerializer(serializers.Serializer):
    refresh_token = StrictCharField()


class TokenPairOutputSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    token_type = serializers.CharField(help_text='Always "Bearer".')
    expires_in = serializers.IntegerField(help_text="Seconds until the access token expires.")
