from django.urls import include, path

from microshop_common.api import urls as common_urls

# Django's own 400, 404 and 500 pages, in the error shape of the API.
from microshop_common.api.errors import handler400, handler404, handler500  # noqa: F401

urlpatterns = [
    path("", include(common_urls)),
    path("api/", include("payments.api.urls")),
]
