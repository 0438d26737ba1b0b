"""Logging: one line per record, naming the service and the request's correlation id."""

from typing import Any

import environ


def logging_config(env: environ.Env, *, service: str) -> dict[str, Any]:
    """``LOGGING``, at ``LOG_LEVEL`` (default ``INFO``)."""
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
        "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }
