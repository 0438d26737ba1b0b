"""The settings a :class:`~microshop_testing.live_system.LiveSystem` runs every service with.

They are the service's own (``config.settings.base``, found in the service's folder, where
each process starts) but for one thing: passwords are hashed with a cheap hasher.

At Django's production cost (PBKDF2, 1,000,000 iterations) a sign-up and a log-in cost
over a second of CPU between them, and the journeys sign up dozens of customers, whose
passwords are not what they test. The hashers a deployment uses stay listed after it, so a
password hashed at their cost still checks. ``make run``'s own journey
(``tests/e2e/test_make_run.py``) runs the production settings as they are.
"""

from django.conf import global_settings

from config.settings.base import *  # noqa: F403

# No service names its own hashers: Django's are what a deployment uses.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]
