"""Settings for the test suite: the base settings with this run's own broker, keys and database."""

from microshop_testing.environment import caches_in_memory, databases_of_this_run, use_test_environment

use_test_environment()

from config.settings.base import *  # noqa: E402, F403

DATABASES = databases_of_this_run(DATABASES, service=SERVICE_NAME)  # noqa: F405
CACHES = caches_in_memory()
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
