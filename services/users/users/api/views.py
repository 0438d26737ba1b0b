from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from microshop_common.api.errors import ErrorOutputSerializer, ValidationErrorOutputSerializer
from microshop_common.api.pagination import StandardPagination
from microshop_common.api.throttles import LoginPerClientThrottle, LoginPerUsernameThrottle, RegisterPerClientThrottle
from microshop_common.auth import IsCustomer, IsOwnerOrStaff, IsService, IsStaff
from microshop_common.errors import NotFound
from users.api.serializers import (
    InternalUserOutputSerializer,
    LoginInputSerializer,
    TokenPairOutputSerializer,
    TokenRefreshInputSerializer,
    UserDetailOutputSerializer,
    UserOutputSerializer,
    UserRegisterInputSerializer,
    UserSearchInputSerializer,
    UserUpdateInputSerializer,
)
from users.models import User
from users.selectors import user_get, user_list
from users.services import token_logout, token_obtain, token_refresh, user_register, user_update

TOKEN_PAIR_RESPONSES = {
    200: TokenPairOutputSerializer,
    400: ValidationErrorOutputSerializer,
    401: ErrorOutputSerializer,
}


class UserListCreateApi(APIView):
    """``POST``: register, open to anyone. ``GET``: every user, searchable, for staff."""

    # Declared on the view so that the OpenAPI document shows the paginated envelope.
    pagination_class = StandardPagination

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsStaff()]

    def get_throttles(self):
        return [RegisterPerClientThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        parameters=[UserSearchInputSerializer],
        responses=UserDetailOutputSerializer(many=True),
        operation_id="users_list",
    )
    def get(self, request):
        query = UserSearchInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(user_list(search=query.validated_data["search"]), request, view=self)
        return paginator.get_paginated_response(UserDetailOutputSerializer(page, many=True).data)

    @extend_schema(
        request=UserRegisterInputSerializer,
        responses={201: UserOutputSerializer, 400: ValidationErrorOutputSerializer, 409: ErrorOutputSerializer},
        operation_id="users_register",
        examples=[
            OpenApiExample(
                "A new customer",
                {"username": "ada", "email": "ada@example.com", "password": "testpass123", "first_name": "Ada"},
                request_only=True,
            ),
            OpenApiExample(
                "An invalid address",
                {
                    "error": "Invalid input",
                    "code": "VALIDATION_ERROR",
                    "detail": "email: Enter a valid email address.",
                    "fields": {"email": ["Enter a valid email address."]},
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request):
        serializer = UserRegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_register(**serializer.validated_data)
        return Response(UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class UserMeApi(APIView):
    """The account and profile of the customer holding the token."""

    permission_classes = [IsCustomer]

    @extend_schema(responses=UserDetailOutputSerializer, operation_id="users_me")
    def get(self, request):
        return Response(UserDetailOutputSerializer(_user(request.user.pk)).data)


class UserDetailApi(APIView):
    """``GET``: one account and its profile. ``PATCH``: change names and profile. Owner or staff."""

    permission_classes = [IsCustomer, IsOwnerOrStaff]

    @extend_schema(responses=UserDetailOutputSerializer, operation_id="users_retrieve")
    def get(self, request, user_id: int):
        return Response(UserDetailOutputSerializer(_user(user_id)).data)

    @extend_schema(
        request=UserUpdateInputSerializer,
        responses={200: UserDetailOutputSerializer, 400: ValidationErrorOutputSerializer, 404: ErrorOutputSerializer},
        operation_id="users_update",
    )
    def patch(self, request, user_id: int):
        user = _user(user_id)
        serializer = UserUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update(user=user, **serializer.validated_data)
        return Response(UserDetailOutputSerializer(user).data)


class LoginApi(APIView):
    """Tokens for a username and password."""

    # A stale token in the header must not stop anyone from logging in again.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginPerClientThrottle, LoginPerUsernameThrottle]

    @extend_schema(
        request=LoginInputSerializer,
        responses=TOKEN_PAIR_RESPONSES,
        operation_id="auth_login",
    )
    def post(self, request):
        serializer = LoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(TokenPairOutputSerializer(token_obtain(**serializer.validated_data)).data)


class TokenRefreshApi(APIView):
    """A new access token for a refresh token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRefreshInputSerializer,
        responses=TOKEN_PAIR_RESPONSES,
        operation_id="auth_refresh",
    )
    def post(self, request):
        serializer = TokenRefreshInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(TokenPairOutputSerializer(token_refresh(**serializer.validated_data)).data)


class LogoutApi(APIView):
    """Log out: the refresh token given can no longer be used."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRefreshInputSerializer,
        responses={
            204: OpenApiResponse(description="Logged out. Access tokens already issued expire within 15 minutes."),
            400: ValidationErrorOutputSerializer,
            401: ErrorOutputSerializer,
        },
        operation_id="auth_logout",
    )
    def post(self, request):
        serializer = TokenRefreshInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token_logout(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InternalUserDetailApi(APIView):
    """One account as other services need it: orders checks that its owner is active."""

    permission_classes = [IsService]

    @extend_schema(
        responses={
            200: InternalUserOutputSerializer,
            404: OpenApiResponse(ErrorOutputSerializer, description="No user has this id."),
        },
        operation_id="internal_users_retrieve",
    )
    def get(self, request, user_id: int):
        return Response(InternalUserOutputSerializer(_user(user_id)).data)


def _user(user_id: int) -> User:
    user = user_get(user_id=user_id)
    if user is None:
        raise NotFound.of("User", user_id)
    return user
