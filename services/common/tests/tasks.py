"""The Celery app and events entry point of the "example" service, as a service's
``config/celery.py`` and ``tasks.py`` make them; each test chooses the handlers."""

from microshop_common.celery import make_celery_app
from microshop_common.events.consumer import event_consumer_task

app = make_celery_app("example")

# What the task hands each event type to: tests set and remove their own.
TASK_HANDLERS: dict = {}
consume_event = event_consumer_task(lambda: TASK_HANDLERS)
