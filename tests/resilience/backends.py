"""What the resilience layer needs: PostgreSQL and RabbitMQ, named by the environment and answering."""

import os
import socket
from urllib.parse import urlsplit

HOW_TO_START = """\
Point DATABASE_URL at PostgreSQL and CELERY_BROKER_URL at RabbitMQ, for example:

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/microshop \\
  CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// make test-resilience

With Docker, `docker compose -f docker-compose.test.yml up -d` starts both on those ports."""


def missing_backends() -> str | None:
    """Why the layer cannot run here, or None when PostgreSQL and RabbitMQ are named and answer."""
    database = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not database.startswith("postgres") or not broker.startswith("amqp"):
        return (
            "the resilience layer cuts the path to a real database server and a real broker, "
            "so it needs PostgreSQL and RabbitMQ; the embedded backends have no such path."
        )
    for name, url in (("PostgreSQL", database), ("RabbitMQ", broker)):
        parts = urlsplit(url)
        address = (parts.hostname or "127.0.0.1", parts.port or (5432 if name == "PostgreSQL" else 5672))
        try:
            socket.create_connection(address, timeout=3).close()
        except OSError as exc:
            return f"{name} does not answer on {address[0]}:{address[1]} ({exc})."
    return None
