from django.urls import path

from users.api.views import (
    InternalUserDetailApi,
    LoginApi,
    LogoutApi,
    TokenRefreshApi,
    UserDetailApi,
    UserListCreateApi,
    UserMeApi,
)

urlpatterns = [
    path("users/", UserListCreateApi.as_view(), name="user-list"),
    path("users/me/", UserMeApi.as_view(), name="user-me"),
    path("users/<int:user_id>/", UserDetailApi.as_view(), name="user-detail"),
    path("auth/login/", LoginApi.as_view(), name="auth-login"),
    path("auth/refresh/", TokenRefreshApi.as_view(), name="auth-refresh"),
    path("auth/logout/", LogoutApi.as_view(), name="auth-logout"),
    path("internal/users/<int:user_id>/", InternalUserDetailApi.as_view(), name="internal-user-detail"),
]
