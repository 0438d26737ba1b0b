"""``/health/`` says the process is up; ``/health/ready/`` that it can do its work.

Readiness checks the database and the broker, so a load balancer (or ``make run``)
only sends traffic once both answer.
"""

import logging

from celery import current_app
from django.db import connection
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

logger = logging.getLogger(__name__)


def database_is_reachable() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception as exc:
        # One line and no traceback: while the database is down, this is asked every few seconds.
        logger.warning("readiness: database unreachable: %s: %s", type(exc).__name__, " ".join(str(exc).split()))
        return False


def broker_is_reachable() -> bool:
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.warning("readiness: broker unreachable", exc_info=True)
        return False


_status = inline_serializer("HealthStatus", {"status": serializers.CharField()})
_readiness = inline_serializer(
    "Readiness",
    {
        "status": serializers.CharField(),
        "checks": inline_serializer(
            "ReadinessChecks", {"database": serializers.CharField(), "broker": serializers.CharField()}
        ),
    },
)


class LivenessView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses=_status, tags=["health"])
    def get(self, request):
        return Response({"status": "ok"})


class ReadinessView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: _readiness, 503: OpenApiResponse(_readiness, description="database or broker unreachable")},
        tags=["health"],
    )
    def get(self, request):
        checks = {
            "database": "ok" if database_is_reachable() else "unavailable",
            "broker": "ok" if broker_is_reachable() else "unavailable",
        }
        ready = all(value == "ok" for value in checks.values())
        return Response({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
