from django.urls import path

from payments.api.views import PaymentDetailApi, PaymentListApi

urlpatterns = [
    path("payments/", PaymentListApi.as_view(), name="payment-list"),
    path("payments/<int:payment_id>/", PaymentDetailApi.as_view(), name="payment-detail"),
]
