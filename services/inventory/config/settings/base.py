"""Settings of the inventory service, read from the environment (see ``.env.example``).

Every setting is named here. Those imported in capitals (``MIDDLEWARE``,
``CELERY_DB_REUSE_MAX``) are the same in every service; the others are built below
by the sections of ``microshop_common.settings``. How every Celery worker behaves is
set by ``microshop_common.celery``.
"""

from pathlib import Path

from microshop_common.registry import callers_of, services
from microshop_common.settings import read_env
from microshop_common.settings.calls import service_timeout, service_urls
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
    ROOT_URLCONF,
    SECURE_HSTS_INCLUDE_SUBDOMAINS,
    SECURE_PROXY_SSL_HEADER,
    SECURE_REDIRECT_EXEMPT,
    SILENCED_SYSTEM_CHECKS,
    STATIC_URL,
    TEMPLATES,
    TIME_ZONE,
    USE_TZ,
    WSGI_APPLICATION,
    allowed_hosts,
    caches,
    databases,
    debug,
    hsts_seconds,
    installed_apps,
    secret_key,
    ssl_redirect,
)
from microshop_common.settings.drf import rest_framework, spectacular_settings, throttle_rates
from microshop_common.settings.jwt import jwt_keys_dir, service_auth, simple_jwt
from microshop_common.settings.logging import logging_config

SERVICE_NAME = "inventory"
# Its port, the services it calls and the events it consumes: microshop_common/registry.toml.
registered = services()[SERVICE_NAME]
BASE_DIR = Path(__file__).resolve().parents[2]
env = read_env(BASE_DIR)

# Django
SECRET_KEY = secret_key(env)
DEBUG = debug(env)
ALLOWED_HOSTS = allowed_hosts(env)
SECURE_SSL_REDIRECT = ssl_redirect(env)
SECURE_HSTS_SECONDS = hsts_seconds(env)
INSTALLED_APPS = installed_apps("inventory")
DATABASES = databases(env, service=SERVICE_NAME, base_dir=BASE_DIR)

# Django REST framework
REST_FRAMEWORK = rest_framework(throttle_rates=throttle_rates(env))
SPECTACULAR_SETTINGS = spectacular_settings(SERVICE_NAME)

# Tokens
JWT_KEYS_DIR = jwt_keys_dir(env, base_dir=BASE_DIR)
SIMPLE_JWT = simple_jwt(JWT_KEYS_DIR)
SERVICE_AUTH = service_auth(JWT_KEYS_DIR, trusts=callers_of(SERVICE_NAME))

# Calls to other services
SERVICE_URLS = service_urls(env, calls=registered.calls)
SERVICE_TIMEOUT = service_timeout(env)

# Events and Celery
EVENTS_EXCHANGE = events_exchange(env)
EVENTS_QUEUE = events_queue(EVENTS_EXCHANGE, service=SERVICE_NAME)
OUTBOX_RELAY_INTERVAL = outbox_relay_interval(env)
CELERY_BROKER_URL = broker_url(env, base_dir=BASE_DIR)
CELERY_BROKER_TRANSPORT = broker_transport(CELERY_BROKER_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)
CELERY_TASK_DEFAULT_QUEUE = tasks_queue(EVENTS_EXCHANGE, service=SERVICE_NAME)
CELERY_TASK_QUEUES = task_queues(EVENTS_EXCHANGE, service=SERVICE_NAME, consumes=registered.consumes)

# The cache, where the throttles count: shared through REDIS_URL, apart for each system.
CACHES = caches(env, key_prefix=f"{EVENTS_EXCHANGE}.{SERVICE_NAME}")

# Logging
LOGGING = logging_config(env, service=SERVICE_NAME)
