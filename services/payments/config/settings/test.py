"""Settings for the test suite: the base settings with this run's own broker, keys and database."""

import os

from microshop_testing.environment import test_database_name, use_test_environment

use_test_environment()
# Tests that reach the provider stub it there (``responses``) or pass a server's URL.
os.environ.setdefault("PAYMENT_PROVIDER_URL", "http://payment-provider.test")

from config.settings.base import *  # noqa: E402, F403

DATABASES["default"]["TEST"] = {"NAME": test_database_name(DATABASES["default"], SERVICE_NAME)}  # noqa: F405
# The worker thread of the integration tests must not hold a connection past its task,
# or the test database cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process counts the throttles in memory of its own, which the test plugin
# empties after every test, whatever REDIS_URL says.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
