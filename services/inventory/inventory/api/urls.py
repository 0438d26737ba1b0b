from django.urls import path

from inventory.api.views import ProductBatchApi, ProductDetailApi, ProductListCreateApi

urlpatterns = [
    path("products/", ProductListCreateApi.as_view(), name="product-list"),
    path("products/<int:product_id>/", ProductDetailApi.as_view(), name="product-detail"),
    path("internal/products/", ProductBatchApi.as_view(), name="internal-product-batch"),
]
