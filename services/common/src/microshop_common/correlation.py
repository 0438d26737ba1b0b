"""A correlation id follows one customer action through every service and event.

It arrives in the ``X-Correlation-ID`` header (or is created), is sent on every call
to another service, travels in every event envelope, and appears in every log line.
"""

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "X-Correlation-ID"
# What an incoming id may be: a UUID as this system makes them, or what tracing headers
# usually carry. Anything else is replaced by a new id, since the id is echoed in the
# answer's headers (a CR LF would end one and start another: header splitting), sent to
# other services and written in every log line and event.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def get_correlation_id() -> str | None:
    return _current.get()


@contextmanager
def correlation_scope(correlation_id: str | None) -> Iterator[str]:
    token = _current.set(correlation_id or str(uuid.uuid4()))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def accepted_id(raw: str | None) -> str | None:
    """``raw`` if it is a correlation id this system passes on, else None (a new one is made)."""
    return raw if raw is not None and ACCEPTED_ID.fullmatch(raw) else None


class CorrelationIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with correlation_scope(accepted_id(request.headers.get(HEADER))) as correlation_id:
            response = self.get_response(request)
        response[HEADER] = correlation_id
        return response


class CorrelationIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = get_correlation_id() or "-"
        return True
