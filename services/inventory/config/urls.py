from django.urls import include, path

from microshop_common.api import urls as common_urls

urlpatterns = [
    path("", include(common_urls)),
    path("api/", include("inventory.api.urls")),
]

handler400 = "microshop_common.api.errors.handler400"
handler404 = "microshop_common.api.errors.handler404"
handler500 = "microshop_common.api.errors.handler500"
