from django.urls import path

from payments.api.views import ItemDetailApi, ItemListCreateApi

urlpatterns = [
    path("items/", ItemListCreateApi.as_view(), name="item-list"),
    path("items/<int:item_id>/", ItemDetailApi.as_view(), name="item-detail"),
]
