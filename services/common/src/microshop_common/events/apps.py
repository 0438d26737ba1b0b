from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "microshop_common.events"
    label = "events"
    verbose_name = "Events: outbox and processed-event log"
    default_auto_field = "django.db.models.BigAutoField"
