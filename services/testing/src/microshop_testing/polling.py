"""Waiting for what another thread or process does: poll with a deadline, never a fixed sleep."""

import time
from collections.abc import Callable

import pytest


def wait_until(condition: Callable[[], object], *, timeout: float = 15.0, interval: float = 0.05, message: str = ""):
    """Poll ``condition`` until it returns something truthy, and return that; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout}s waiting for {message or condition.__name__}")
        time.sleep(interval)
