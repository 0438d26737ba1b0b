"""The settings every service shares, one section per module.

A service's ``config/settings/base.py`` names each of its settings, so ``grep`` finds
where every value comes from; the values the four services share are built here:

``django``   the secret key, hosts, apps, middleware, database and e-mail
``drf``      Django REST framework and the OpenAPI documents
``jwt``      customer tokens (issued by users) and service tokens
``calls``    where the services this one calls live, and how long to wait for them
``celery``   the broker, the queues, the events exchange and the outbox relay
``logging``  one line per record, with the service's name and the correlation id

Everything is read from the environment (12-factor) through :func:`read_env`, and from
a ``.env`` file beside ``manage.py`` if there is one. Production secrets
(``DJANGO_SECRET_KEY``, the JWT keys) have no default, while the database and broker
default to the embedded ones so that ``make run`` needs no server.

Environment variables read here:

``DJANGO_SECRET_KEY``     required.
``DJANGO_DEBUG``          ``false`` unless set.
``DJANGO_ALLOWED_HOSTS``  comma-separated, default ``127.0.0.1,localhost``.
``DJANGO_SECURE_SSL_REDIRECT``  ``true`` behind an HTTPS proxy: plain HTTP is redirected.
``DJANGO_SECURE_HSTS_SECONDS``  seconds of HTTP Strict Transport Security (default 0).
``DATABASE_URL``          e.g. ``postgres://user:pass@host:5432/orders``;
                          default: a SQLite file under ``var/``.
``DATABASE_CONN_MAX_AGE`` seconds a database connection is kept open (default 60).
``CELERY_BROKER_URL``     e.g. ``amqp://guest:guest@127.0.0.1:5672//``;
                          default: ``filesystem://<repo>/var/broker`` (embedded broker).
``EVENTS_EXCHANGE``       topic exchange for events, default ``microshop.events``.
``OUTBOX_RELAY_INTERVAL`` seconds between two polls of the outbox (default 0.2).
``JWT_KEYS_DIR``          folder with ``<service>.private.pem`` / ``<service>.public.pem``.
``<SERVICE>_URL``         base URL of each service this one calls, e.g. ``USERS_URL``.
``SERVICE_TIMEOUT``       seconds before a call to another service gives up (default 3).
``EMAIL_URL``             e.g. ``smtp://host:25``; default ``consolemail://``.
``DEFAULT_FROM_EMAIL``    default ``microshop <no-reply@microshop.example>``.
``LOG_LEVEL``             default ``INFO``.
"""

from pathlib import Path

import environ


def read_env(base_dir: Path) -> environ.Env:
    """The one reader of a service's environment; ``base_dir`` holds its ``manage.py``."""
    # A developer's .env beside manage.py; variables already in the environment win.
    if (base_dir / ".env").exists():
        environ.Env.read_env(base_dir / ".env")
    return environ.Env()


def embedded_dir(base_dir: Path) -> Path:
    """The repository's ``var/``, where the embedded database, broker and keys live.

    ``.parent.parent`` also works in a container, where a service sits at /app (and
    ``var/`` is never used: compose sets every URL).
    """
    return base_dir.parent.parent / "var"
