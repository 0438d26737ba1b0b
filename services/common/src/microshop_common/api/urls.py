"""URLs every service serves: health checks, the OpenAPI document and its docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer

from microshop_common.api.health import LivenessView, ReadinessView


class JsonErrors:
    """Errors in the error shape, as JSON, from views whose answers are YAML or an HTML page.

    DRF renders an error with the renderer it chose for the answer, so a ``DELETE`` on the
    schema would get its 405 in YAML and one on the docs page an HTML page.
    """

    def handle_exception(self, exc):
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)


class SchemaView(JsonErrors, SpectacularAPIView):
    pass


class DocsView(JsonErrors, SpectacularSwaggerView):
    pass


urlpatterns = [
    path("health/", LivenessView.as_view(), name="health"),
    path("health/ready/", ReadinessView.as_view(), name="health-ready"),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", DocsView.as_view(url_name="schema"), name="docs"),
]
