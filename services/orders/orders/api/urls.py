from django.urls import path

from orders.api.views import OrderCancelApi, OrderDetailApi, OrderListCreateApi, UserOrderListApi

urlpatterns = [
    path("orders/", OrderListCreateApi.as_view(), name="order-list"),
    path("orders/<int:order_id>/", OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<int:order_id>/cancel/", OrderCancelApi.as_view(), name="order-cancel"),
    path("users/<int:user_id>/orders/", UserOrderListApi.as_view(), name="user-order-list"),
]
