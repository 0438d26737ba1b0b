from django.urls import path

from notifications.api.views import UserNotificationListApi

urlpatterns = [
    path("users/<int:user_id>/notifications/", UserNotificationListApi.as_view(), name="user-notification-list"),
]
