"""Django's own settings that every service reads the same way."""

from pathlib import Path
from typing import Any

import environ

from microshop_common.settings import embedded_dir

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "microshop_common.correlation.CorrelationIdMiddleware",
    "django.middleware.common.CommonMiddleware",
]

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
