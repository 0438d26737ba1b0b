"""Settings for testing the plumbing on its own, as a service named "example" would use it."""

from pathlib import Path

from microshop_common.keys import generate_key_pair
from microshop_common.settings import read_env
from microshop_common.settings.calls import service_timeout
from microshop_common.settings.celery import (
    CELERY_DB_REUSE_MAX,
    broker_transport,
    broker_transport_options,
    broker_url,
    events_exchange,
    events_queue,
    outbox_relay_interval,
    task_queues,
    tasks_queue,
)
from microshop_common.settings.django import (
    APPEND_SLASH,
    DEFAULT_AUTO_FIELD,
    LANGUAGE_CODE,
    MIDDLEWARE,
    STATIC_URL,
    TIME_ZONE,
    USE_TZ,
    WSGI_APPLICATION,
    allowed_hosts,
    caches,
    databases,
    debug,
    installed_apps,
    secret_key,
)
from microshop_common.settings.drf import rest_framework, spectacular_settings, throttle_rates
from microshop_common.settings.jwt import jwt_keys_dir, service_auth, simple_jwt
from microshop_common.settings.logging import logging_config
from microshop_testing.environment import RUN_DIR, test_database_name, use_test_environment

use_test_environment()
generate_key_pair(RUN_DIR / "keys", "example")

SERVICE_NAME = "example"
BASE_DIR = Path(__file__).resolve().parents[1]
env = read_env(BASE_DIR)

# Django
SECRET_KEY = secret_key(env)
DEBUG = debug(env)
ALLOWED_HOSTS = allowed_hosts(env)
INSTALLED_APPS = installed_apps()
ROOT_URLCONF = "tests.urls"
DATABASES = databases(env, service=SERVICE_NAME, base_dir=BASE_DIR)
DATABASES["default"]["TEST"] = {"NAME": test_database_name(DATABASES["default"], SERVICE_NAME)}
# The worker thread of the integration tests must not hold a connection past its task,
# or the test database cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0

# Django REST framework
REST_FRAMEWORK = rest_framework(throttle_rates=throttle_rates(env))
SPECTACULAR_SETTINGS = spectacular_settings(SERVICE_NAME)

# Tokens
JWT_KEYS_DIR = jwt_keys_dir(env, base_dir=BASE_DIR)
SIMPLE_JWT = simple_jwt(JWT_KEYS_DIR)
SERVICE_AUTH = service_auth(JWT_KEYS_DIR, signs_as=SERVICE_NAME, trusts=("orders",))

# Calls to other services
SERVICE_URLS = {"users": "http://users.test"}
SERVICE_TIMEOUT = service_timeout(env)

# Events and Celery
EVENTS_EXCHANGE = events_exchange(env)
EVENTS_QUEUE = events_queue(EVENTS_EXCHANGE, service=SERVICE_NAME)
OUTBOX_RELAY_INTERVAL = outbox_relay_interval(env)
CELERY_BROKER_URL = broker_url(env, base_dir=BASE_DIR)
CELERY_BROKER_TRANSPORT = broker_transport(CELERY_BROKER_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)
CELERY_TASK_DEFAULT_QUEUE = tasks_queue(EVENTS_EXCHANGE, service=SERVICE_NAME)
CELERY_TASK_QUEUES = task_queues(EVENTS_EXCHANGE, service=SERVICE_NAME, consumes=("order.placed",))

# The cache, where the throttles count: shared through REDIS_URL, apart for each system.
CACHES = caches(env, key_prefix=f"{EVENTS_EXCHANGE}.{SERVICE_NAME}")

# Logging
LOGGING = logging_config(env, service=SERVICE_NAME)
