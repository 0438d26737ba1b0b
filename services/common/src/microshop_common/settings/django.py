"""Django's own settings that every service reads the same way."""

from pathlib import Path
from typing import Any

import environ

from microshop_common.settings import embedded_dir

# Every service is a Django project of the same layout (config/urls.py, config/wsgi.py),
# with 64-bit ids, times stored and sent in UTC, and URLs that end in a slash.
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
# Only the pages of /api/docs/ are served with static files; pytest-django's live_server needs it set.
STATIC_URL = "static/"
APPEND_SLASH = True

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "microshop_common.correlation.CorrelationIdMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The docs page must not be framed by another site; the JSON answers carry the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database out of reach is a 503 in the error shape, from views outside DRF too.
    "microshop_common.api.errors.DatabaseUnavailableMiddleware",
]
# Every API authenticates with a bearer token, never a cookie, so a forged cross-site
# request carries no credentials: Django's CSRF middleware has nothing to protect.
# https://docs.djangoproject.com/en/5.2/ref/csrf/
# Joining the browsers' HSTS preload list (W021) is the domain owner's choice, and hard to undo.
SILENCED_SYSTEM_CHECKS = ["security.W003", "security.W021"]
# Once a deployment turns HSTS on (DJANGO_SECURE_HSTS_SECONDS), it covers the API's subdomains too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# TLS ends at the proxy in front of a service, which sets X-Forwarded-Proto (and must
# drop any a client sent). Health checks come from inside, over plain HTTP.
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Only for the pages of /api/docs/ (drf-spectacular's Swagger UI), read from the apps' templates.
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]


def installed_apps(*local_apps: str) -> list[str]:
    """``INSTALLED_APPS``: what every service needs, then the service's own apps."""
    return [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "drf_spectacular",
        "microshop_common.api",
        "microshop_common.events",
        *local_apps,
    ]


def secret_key(env: environ.Env) -> str:
    """``DJANGO_SECRET_KEY``, with no default: a deployment must choose its own."""
    return env.str("DJANGO_SECRET_KEY")


def debug(env: environ.Env) -> bool:
    return env.bool("DJANGO_DEBUG", default=False)


def ssl_redirect(env: environ.Env) -> bool:
    """``DJANGO_SECURE_SSL_REDIRECT``: plain HTTP is redirected to HTTPS; off for ``make run`` on localhost."""
    return env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)


def hsts_seconds(env: environ.Env) -> int:
    """``DJANGO_SECURE_HSTS_SECONDS``: how long browsers keep to HTTPS; 0 (none) unless a deployment says."""
    return env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)


def allowed_hosts(env: environ.Env) -> list[str]:
    return env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])


def caches(env: environ.Env, *, key_prefix: str) -> dict[str, dict[str, Any]]:
    """``REDIS_URL``, else memory of this process's own.

    The throttles count in the cache: only a shared one makes a limit hold across the
    web processes of a service. ``key_prefix`` keeps each system's counters apart.
    https://docs.djangoproject.com/en/5.2/topics/cache/#redis
    """
    if url := env.str("REDIS_URL", default=""):
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": key_prefix,
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": key_prefix}}


def databases(env: environ.Env, *, service: str, base_dir: Path) -> dict[str, dict[str, Any]]:
    """``DATABASE_URL``, or a SQLite file of the service's own under ``var/``."""
    database = env.db("DATABASE_URL", default=f"sqlite:///{embedded_dir(base_dir) / f'{service}.sqlite3'}")
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            # Take the write lock when a transaction starts, not at its first write, so
            # concurrent writers wait their turn instead of failing with "database is locked".
            # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    # Keep connections open between requests and tasks: a new PostgreSQL connection
    # forks a server process, which costs more than most requests. A connection that
    # broke is checked and replaced before its next use.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
    database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    database["CONN_HEALTH_CHECKS"] = True
    return {"default": database}


def email(env: environ.Env) -> dict[str, Any]:
    """``EMAIL_URL`` (``smtp://user:password@host:25``, ``consolemail://``) as Django's settings.

    Every name is there, with Django's default where the URL does not set it.
    https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
    """
    config = env.email_url("EMAIL_URL", default="consolemail://")
    return {
        "EMAIL_BACKEND": config["EMAIL_BACKEND"],
        "EMAIL_HOST": config["EMAIL_HOST"],
        "EMAIL_PORT": config["EMAIL_PORT"],
        "EMAIL_HOST_USER": config["EMAIL_HOST_USER"],
        "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"],
        "EMAIL_FILE_PATH": config["EMAIL_FILE_PATH"],
        "EMAIL_USE_TLS": config.get("EMAIL_USE_TLS", False),
        "EMAIL_USE_SSL": config.get("EMAIL_USE_SSL", False),
    }


def default_from_email(env: environ.Env) -> str:
    return env.str("DEFAULT_FROM_EMAIL", default="microshop <no-reply@microshop.example>")
