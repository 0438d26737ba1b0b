"""Calls to other services: where each one lives, and how long to wait for it."""

import environ

from microshop_common.registry import ports

SERVICE_PORTS = ports()


def service_urls(env: environ.Env, *, calls: tuple[str, ...]) -> dict[str, str]:
    """``SERVICE_URLS``: ``<NAME>_URL`` for each service called, or its local port."""
    return {name: env.str(f"{name.upper()}_URL", default=f"http://127.0.0.1:{SERVICE_PORTS[name]}") for name in calls}


def service_timeout(env: environ.Env) -> float:
    return env.float("SERVICE_TIMEOUT", default=3.0)
