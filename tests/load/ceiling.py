"""The ceiling ``make bench`` compares microshop with: one bare DRF endpoint, nothing else.

``POST /hit/`` verifies a customer's RS256 token as the services do (simplejwt,
stateless, users' public key), inserts one row and answers 201. Whatever a request
to microshop costs beyond this is microshop's own work. Served by gunicorn::

    CEILING_VERIFYING_KEY_FILE=var/keys/users.public.pem DATABASE_URL=... \\
        gunicorn --chdir tests/load ceiling:application

``DATABASE_URL`` names the database, as for the services (``sqlite:////tmp/ceiling.sqlite3``
or ``postgres://...``); the table is created at start-up.
"""

import os
from pathlib import Path

import django
import environ
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="ceiling-endpoint-holds-no-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "rest_framework"],
    MIDDLEWARE=[],
    DATABASES={"default": {**environ.Env.db_url_config(os.environ["DATABASE_URL"]), "CONN_MAX_AGE": 60}},
    USE_TZ=True,
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTStatelessUserAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "UNAUTHENTICATED_USER": None,
    },
    SIMPLE_JWT={
        "ALGORITHM": "RS256",
        "VERIFYING_KEY": Path(os.environ["CEILING_VERIFYING_KEY_FILE"]).read_text(),
        "ISSUER": "users",
        "USER_ID_CLAIM": "user_id",
    },
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402  (after settings)
from django.db import connection, transaction  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

# Every gunicorn worker runs this as it boots. On PostgreSQL two concurrent CREATE TABLE IF
# NOT EXISTS can both go ahead, and the second then fails on pg_type's unique index; a worker
# that fails to boot stops gunicorn altogether. A transaction-level advisory lock takes them
# one at a time (SQLite's write lock already does).
with transaction.atomic(), connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('ceiling_hit'))")
    cursor.execute("CREATE TABLE IF NOT EXISTS ceiling_hit (user_id integer NOT NULL, created_at varchar(40) NOT NULL)")


class HitApi(APIView):
    def post(self, request):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO ceiling_hit (user_id, created_at) VALUES (%s, %s)",
                [request.user.id, timezone.now().isoformat()],
            )
        return Response({"user_id": request.user.id}, status=201)


urlpatterns = [path("hit/", HitApi.as_view())]
application = get_wsgi_application()
