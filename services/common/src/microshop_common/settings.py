"""One environment reader for every service's settings.

Each service's ``config/settings/base.py`` calls :func:`build_settings` and adds its
own apps. Everything is read from the environment (12-factor), and from a ``.env``
file beside ``manage.py`` if there is one: production secrets
(``DJANGO_SECRET_KEY``, the JWT keys) have no default, while the database and broker
default to the embedded ones so that ``make run`` needs no server.

Environment variables read here:

``DJANGO_SECRET_KEY``     required.
``DJANGO_DEBUG``          ``false`` unless set.
``DJANGO_ALLOWED_HOSTS``  comma-separated, default ``127.0.0.1,localhost``.
``DATABASE_URL``          e.g. ``postgres://user:pass@host:5432/orders``;
                          default: a SQLite file under ``var/``.
``CELERY_BROKER_URL``     e.g. ``amqp://guest:guest@127.0.0.1:5672//``;
                          default: ``filesystem://<repo>/var/broker`` (embedded broker).
``EVENTS_EXCHANGE``       topic exchange for events, default ``microshop.events``.
``JWT_KEYS_DIR``          folder with ``<service>.private.pem`` / ``<service>.public.pem``.
``<SERVICE>_URL``         base URL of each service this one calls, e.g. ``USERS_URL``.
``SERVICE_TIMEOUT``       seconds before a call to another service gives up (default 3).
``EMAIL_URL``             e.g. ``smtp://host:25``; default ``consolemail://``.
``LOG_LEVEL``             default ``INFO``.
"""

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue, binding

from microshop_common.keys import private_key_path, public_key_path

SERVICE_PORTS = {"users": 8000, "orders": 8001, "inventory": 8003, "notifications": 8004}

COMMON_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "drf_spectacular",
    "microshop_common.api",
    "microshop_common.events",
]


def build_settings(
    *,
    service: str,
    base_dir: Path,
    local_apps: list[str],
    consumes: tuple[str, ...] = (),
    calls: tuple[str, ...] = (),
    trusts_services: tuple[str, ...] = (),
    signs_tokens: bool = False,
    env: environ.Env | None = None,
) -> dict[str, Any]:
    """Settings shared by every service.

    ``consumes``: routing keys of the events this service handles (its queue's bindings).
    ``calls``: services it calls over REST (their ``<NAME>_URL`` is read).
    ``trusts_services``: services allowed to call its service-only endpoints.
    ``signs_tokens``: whether it holds a private key (users for customers, callers for
    service tokens).
    """
    env = env or environ.Env()
    # A developer's .env beside manage.py; variables already in the environment win.
    if (base_dir / ".env").exists():
        environ.Env.read_env(base_dir / ".env")
    # Embedded defaults live in the repository's var/; `.parent.parent` also works in a
    # container, where a service sits at /app (and var/ is never used: compose sets every URL).
    var_dir = base_dir.parent.parent / "var"
    keys_dir = Path(env.str("JWT_KEYS_DIR", default=str(var_dir / "keys")))
    exchange_name = env.str("EVENTS_EXCHANGE", default="microshop.events")
    broker_url = env.str("CELERY_BROKER_URL", default=f"filesystem://{var_dir / 'broker'}")

    return {
        "SERVICE_NAME": service,
        "BASE_DIR": base_dir,
        "SECRET_KEY": env.str("DJANGO_SECRET_KEY"),
        "DEBUG": env.bool("DJANGO_DEBUG", default=False),
        "ALLOWED_HOSTS": env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"]),
        "INSTALLED_APPS": [*COMMON_APPS, *local_apps],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "microshop_common.correlation.CorrelationIdMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        "ROOT_URLCONF": "config.urls",
        "WSGI_APPLICATION": "config.wsgi.application",
        "DATABASES": {"default": _database(env, default=f"sqlite:///{var_dir / f'{service}.sqlite3'}")},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "USE_TZ": True,
        "TIME_ZONE": "UTC",
        "LANGUAGE_CODE": "en-us",
        "STATIC_URL": "static/",
        "APPEND_SLASH": True,
        "REST_FRAMEWORK": {
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "microshop_common.auth.ServiceTokenAuthentication",
                "rest_framework_simplejwt.authentication.JWTStatelessUserAuthentication",
            ],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
            "DEFAULT_PAGINATION_CLASS": "microshop_common.api.pagination.StandardPagination",
            "PAGE_SIZE": 20,
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
            "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
            "EXCEPTION_HANDLER": "microshop_common.api.errors.exception_handler",
            "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
            "TEST_REQUEST_DEFAULT_FORMAT": "json",
            "UNAUTHENTICATED_USER": None,
        },
        "SPECTACULAR_SETTINGS": {
            "TITLE": f"microshop {service} API",
            "VERSION": "1.0.0",
            "SERVE_INCLUDE_SCHEMA": False,
            "COMPONENT_SPLIT_REQUEST": True,
            "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
            "SERVE_AUTHENTICATION": [],
        },
        "JWT_KEYS_DIR": keys_dir,
        "SIMPLE_JWT": _simple_jwt(keys_dir, service=service, signs_tokens=signs_tokens),
        "SERVICE_AUTH": {
            "SIGNING_KEY": _read_key(private_key_path(keys_dir, service)) if signs_tokens else None,
            "TRUSTED_KEYS": {name: _read_key(public_key_path(keys_dir, name)) for name in trusts_services},
            "TOKEN_LIFETIME_SECONDS": 300,
        },
        "SERVICE_URLS": {name: env.str(f"{name.upper()}_URL", default=_local_url(name)) for name in calls},
        "SERVICE_TIMEOUT": env.float("SERVICE_TIMEOUT", default=3.0),
        "EVENTS_EXCHANGE": exchange_name,
        "EVENTS_QUEUE": f"{exchange_name}.{service}",
        "OUTBOX_RELAY_INTERVAL": env.float("OUTBOX_RELAY_INTERVAL", default=0.2),
        **_celery(env, broker_url=broker_url, service=service, exchange_name=exchange_name, consumes=consumes),
        **env.email_url("EMAIL_URL", default="consolemail://"),
        "DEFAULT_FROM_EMAIL": env.str("DEFAULT_FROM_EMAIL", default="microshop <no-reply@microshop.example>"),
        "LOGGING": _logging(service, env.str("LOG_LEVEL", default="INFO")),
    }


def _database(env: environ.Env, *, default: str) -> dict[str, Any]:
    database = env.db("DATABASE_URL", default=default)
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
    return database


def _local_url(service: str) -> str:
    return f"http://127.0.0.1:{SERVICE_PORTS[service]}"


def _read_key(path: Path) -> str:
    try:
        return path.read_text()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"JWT key {path} is missing. Set JWT_KEYS_DIR to a folder holding the service keys, "
            f"or create them with: python -m microshop_common.keys {path.parent}"
        ) from None


def _simple_jwt(keys_dir: Path, *, service: str, signs_tokens: bool) -> dict[str, Any]:
    from datetime import timedelta

    issues_customer_tokens = service == "users"
    return {
        "ALGORITHM": "RS256",
        "SIGNING_KEY": _read_key(private_key_path(keys_dir, "users"))
        if issues_customer_tokens and signs_tokens
        else "",
        "VERIFYING_KEY": _read_key(public_key_path(keys_dir, "users")),
        "ISSUER": "users",
        "AUTH_HEADER_TYPES": ("Bearer",),
        "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
        "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
        "USER_ID_FIELD": "id",
        "USER_ID_CLAIM": "user_id",
        "UPDATE_LAST_LOGIN": False,
    }


def _celery(
    env: environ.Env, *, broker_url: str, service: str, exchange_name: str, consumes: tuple[str, ...]
) -> dict[str, Any]:
    exchange = Exchange(exchange_name, type="topic", durable=True)
    # Queue names start with the exchange name, so a second system on the same broker
    # (a test run beside `make run`) shares nothing with the first.
    queues = [Queue(f"{exchange_name}.{service}.tasks", durable=True)]
    if consumes:
        queues.append(
            Queue(
                f"{exchange_name}.{service}",
                bindings=[binding(exchange, routing_key=key) for key in consumes],
                durable=True,
            )
        )
    embedded = broker_url.startswith("filesystem://")
    return {
        "CELERY_BROKER_URL": broker_url,
        "CELERY_BROKER_TRANSPORT": "microshop_common.events.filesystem:Transport" if embedded else None,
        "CELERY_BROKER_TRANSPORT_OPTIONS": _transport_options(broker_url),
        "CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP": True,
        "CELERY_TASK_DEFAULT_QUEUE": f"{exchange_name}.{service}.tasks",
        "CELERY_TASK_QUEUES": queues,
        "CELERY_TASK_SERIALIZER": "json",
        "CELERY_ACCEPT_CONTENT": ["json"],
        "CELERY_TASK_IGNORE_RESULT": True,
        # Late acknowledgement: a message is acknowledged after its task finished, so a
        # worker killed mid-task leaves it unacknowledged and the broker redelivers it.
        # https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-acks-late
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_TASK_REJECT_ON_WORKER_LOST": True,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
        # Celery's Django fixup closes the database connection before and after every
        # task unless told to reuse it; microshop_common.celery closes it only when it is
        # unusable or older than CONN_MAX_AGE, as Django does between requests.
        "CELERY_DB_REUSE_MAX": 1000,
        "CELERY_WORKER_HIJACK_ROOT_LOGGER": False,
        "CELERY_WORKER_SEND_TASK_EVENTS": False,
        # Remote control uses broadcast exchanges shared by every worker on the broker.
        "CELERY_WORKER_ENABLE_REMOTE_CONTROL": False,
    }


def _transport_options(broker_url: str) -> dict[str, Any]:
    if broker_url.startswith("filesystem://"):
        # The embedded broker: messages are files under one folder shared by every
        # process; bindings live in files under control/, so topic routing works across
        # processes. https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.filesystem.html
        folder = Path(urlparse(broker_url).path)
        messages, control = folder / "messages", folder / "control"
        messages.mkdir(parents=True, exist_ok=True)
        control.mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(messages),
            "data_folder_out": str(messages),
            "control_folder": str(control),
            "polling_interval": 0.1,
        }
    # Ask RabbitMQ to confirm each publish, so the outbox marks an event as sent only once
    # the broker holds it. https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.pyamqp.html
    return {"confirm_publish": True, "max_retries": 2, "interval_start": 0, "interval_step": 0.5}


def _logging(service: str, level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"correlation": {"()": "microshop_common.correlation.CorrelationIdFilter"}},
        "formatters": {
            "service": {
                "format": f"%(asctime)s {service} %(levelname)s [%(correlation_id)s] %(name)s: %(message)s",
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "service", "filters": ["correlation"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }
