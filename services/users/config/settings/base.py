"""Settings of the users service, read from the environment (see ``.env.example``)."""

from pathlib import Path

from microshop_common.settings import build_settings

BASE_DIR = Path(__file__).resolve().parents[2]

shared_settings = build_settings(
    service="users",
    base_dir=BASE_DIR,
    local_apps=["users"],
    signs_tokens=True,
    trusts_services=("orders", "notifications"),
)
# Users owns the accounts, so it checks every customer token against the database
# (simplejwt's JWTAuthentication) instead of trusting the claims like the other
# services do: a deactivated account's tokens stop working here at once.
shared_settings["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "microshop_common.auth.ServiceTokenAuthentication",
    "rest_framework_simplejwt.authentication.JWTAuthentication",
]
globals().update(shared_settings)

AUTH_USER_MODEL = "users.User"

# A rule a client can state in one sentence: at least 8 characters, not a common
# password, not only digits. So "testpass123" passes and "123" fails.
# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#enabling-password-validation
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
