"""The Celery app of a service, configured from its Django settings."""

from celery import Celery


def make_celery_app(service: str) -> Celery:
    app = Celery(service)
    # Every Celery option comes from Django settings with the CELERY_ prefix.
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.autodiscover_tasks()
    return app
