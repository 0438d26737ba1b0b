"""A view that cannot reach the database answers 503 with Retry-After, in the error shape, never a 500.

The views here raise what Django raises when the database is out of reach, so no
database is needed; the requests go through the middleware every service runs.
"""

import logging

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

pytestmark = pytest.mark.urls(__name__)

UNAVAILABLE = {
    "error": "Service unavailable",
    "code": "SERVICE_UNAVAILABLE",
    "detail": "The service cannot reach its database right now; try again in a few seconds",
}
REFUSED = OperationalError(
    'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


class DatabaseDownApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request):
        raise REFUSED

    def post(self, request):
        raise InterfaceError("connection already closed")


def database_down_view(request):
    raise REFUSED


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("drf/", DatabaseDownApi.as_view()),
    path("plain/", database_down_view),
    path("broken/", broken_view),
]


@pytest.mark.parametrize(("method", "url"), [("get", "/drf/"), ("post", "/drf/"), ("get", "/plain/")])
def test_a_view_that_cannot_reach_the_database_answers_503_with_retry_after(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 503
    assert response.json() == UNAVAILABLE
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/drf/", "/plain/"])
def test_the_database_out_of_reach_is_logged_once_as_a_warning_on_one_line_without_a_traceback(client, caplog, url):
    caplog.set_level(logging.INFO)

    client.get(url)

    [record] = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == (
        f"database unavailable, answered 503 to GET {url}: OperationalError: connection failed: connection to "
        'server at "127.0.0.1", port 1 failed: Connection refused Is the server running on that host and '
        "accepting TCP/IP connections?"
    )


def test_any_other_error_of_a_plain_view_is_still_the_500_handler_s(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Retry-After" not in response
