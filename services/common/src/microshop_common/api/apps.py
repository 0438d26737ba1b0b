from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "microshop_common.api"
    label = "microshop_api"
    verbose_name = "API plumbing: errors, pagination, health, OpenAPI"

    def ready(self):
        # drf-spectacular finds extensions by import: load ours before any schema is built.
        from microshop_common.api import schema  # noqa: F401
