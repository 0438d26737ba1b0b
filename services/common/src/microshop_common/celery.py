"""The Celery app of a service, configured from its Django settings."""

from celery import Celery, signals
from django.db import close_old_connections


def make_celery_app(service: str) -> Celery:
    app = Celery(service)
    # Every Celery option comes from Django settings with the CELERY_ prefix.
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.autodiscover_tasks()
    return app


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_database_connections(*, task, **kwargs) -> None:
    # What Django does at the start and end of every request: drop a connection that
    # broke or outlived CONN_MAX_AGE, and keep the others for the next task. An eager
    # task runs inside its caller's transaction, whose connection is not ours to close.
    if not task.request.is_eager:
        close_old_connections()
