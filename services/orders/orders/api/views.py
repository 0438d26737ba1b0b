from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from microshop_common.api.errors import ErrorOutputSerializer, error_body
from microshop_common.api.pagination import StandardPagination
from microshop_common.api.throttles import OrdersPerCustomerThrottle
from microshop_common.auth import IsCustomer
from microshop_common.errors import NotFound
from orders import bootstrap
from orders.api.permissions import IsOwnerOrStaff
from orders.api.serializers import (
    IDEMPOTENCY_KEY_HEADER,
    MAX_IDEMPOTENCY_KEY_LENGTH,
    OrderOutputSerializer,
    OrderPlaceInputSerializer,
    idempotency_key_of,
)
from orders.domain import OrderLine, ShippingAddress
from orders.errors import IdempotencyKeyReused
from orders.models import Order
from orders.selectors import order_get, order_list
from orders.services import order_cancel, order_place

ERROR = OpenApiResponse(ErrorOutputSerializer, description="The error shape: error, code, detail.")

# Shown in /api/docs/ and the OpenAPI document, where "Try it out" starts from the first.
_ADDRESS = {"street": "1 Main St", "city": "Springfield", "state": "IL", "zip_code": "62701", "country": "US"}
_REUSED = IdempotencyKeyReused()
PLACING_EXAMPLES = [
    OpenApiExample(
        "A good card",
        {"items": [{"product_id": 1, "quantity": 2}], "shipping_address": _ADDRESS, "payment_method": "tok_visa"},
        request_only=True,
    ),
    OpenApiExample(
        "A card the provider declines: the order is placed, then rejected",
        {
            "items": [{"product_id": 1, "quantity": 1}],
            "shipping_address": _ADDRESS,
            "payment_method": "tok_chargeDeclined",
        },
        request_only=True,
    ),
    OpenApiExample(
        "Not enough stock",
        {
            "error": "Insufficient inventory",
            "code": "INSUFFICIENT_INVENTORY",
            "detail": "insufficient inventory for product 1 (Test-driven mug): requested 500, available 50",
        },
        response_only=True,
        status_codes=["400"],
    ),
    OpenApiExample(
        "An Idempotency-Key already used for a different order",
        error_body(_REUSED.error, _REUSED.code, _REUSED.detail),
        response_only=True,
        status_codes=["422"],
    ),
]


class OrderListCreateApi(APIView):
    """``GET``: the caller's orders (staff: everyone's), newest first. ``POST``: place an order."""

    permission_classes = [IsCustomer]
    # Declared on the view so that the OpenAPI document shows the paginated envelope.
    pagination_class = StandardPagination

    def get_throttles(self):
        return [OrdersPerCustomerThrottle()] if self.request.method == "POST" else []

    @extend_schema(responses=OrderOutputSerializer(many=True), operation_id="orders_list")
    def get(self, request):
        user = request.user
        return _paginated(order_list() if user.is_staff else order_list(user_id=user.id), request, view=self)

    @extend_schema(
        request=OrderPlaceInputSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_KEY_HEADER,
                # What idempotency_key_of accepts: 1 to 255 characters, not all of them spaces.
                {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY_LENGTH, "pattern": r"\S"},
                OpenApiParameter.HEADER,
                description="Repeat a request with the same key and the same body to get the order the first one "
                "placed (status 200). The same key with a different body is refused (status 422).",
            )
        ],
        responses={
            201: OpenApiResponse(OrderOutputSerializer, description="The order, placed now and pending."),
            200: OpenApiResponse(
                OrderOutputSerializer, description="The order an earlier request with this key placed."
            ),
            400: OpenApiResponse(
                ErrorOutputSerializer,
                description="Invalid fields (code VALIDATION_ERROR, with the messages of each field in "
                "fields), malformed JSON, an invalid Idempotency-Key, or insufficient inventory.",
            ),
            403: ERROR,
            404: OpenApiResponse(ErrorOutputSerializer, description="A product inventory does not know."),
            422: OpenApiResponse(
                ErrorOutputSerializer,
                description="The Idempotency-Key was already used by this customer for a different order "
                "(other items, quantities, address or payment_method): code IDEMPOTENCY_KEY_REUSED. "
                "Nothing was placed; send a new key.",
            ),
            503: OpenApiResponse(ErrorOutputSerializer, description="Users or inventory is unavailable."),
        },
        examples=PLACING_EXAMPLES,
    )
    def post(self, request):
        idempotency_key = idempotency_key_of(request)
        serializer = OrderPlaceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        clients = bootstrap.clients()
        order, created = order_place(
            user_id=request.user.id,
            lines=[OrderLine(**item) for item in serializer.validated_data["items"]],
            shipping_address=ShippingAddress(**serializer.validated_data["shipping_address"]),
            payment_method=serializer.validated_data["payment_method"],
            users=clients.users,
            inventory=clients.inventory,
            idempotency_key=idempotency_key,
        )
        return Response(
            OrderOutputSerializer(order).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class OrderDetailApi(APIView):
    permission_classes = [IsCustomer, IsOwnerOrStaff]

    @extend_schema(responses={200: OrderOutputSerializer, 403: ERROR, 404: ERROR})
    def get(self, request, order_id: int):
        order = _order(order_id)
        self.check_object_permissions(request, order)
        return Response(OrderOutputSerializer(order).data)


class OrderCancelApi(APIView):
    """Cancel a pending or confirmed order; inventory then gives its stock back."""

    permission_classes = [IsCustomer, IsOwnerOrStaff]

    @extend_schema(request=None, responses={200: OrderOutputSerializer, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, order_id: int):
        order = _order(order_id)
        self.check_object_permissions(request, order)
        order = order_cancel(order=order, by_user=request.user)
        return Response(OrderOutputSerializer(order).data)


class UserOrderListApi(APIView):
    """One customer's orders, newest first, for that customer or staff."""

    permission_classes = [IsCustomer, IsOwnerOrStaff]
    pagination_class = StandardPagination

    @extend_schema(responses=OrderOutputSerializer(many=True), operation_id="user_orders_list")
    def get(self, request, user_id: int):
        return _paginated(order_list(user_id=user_id), request, view=self)


def _order(order_id: int) -> Order:
    order = order_get(order_id=order_id)
    if order is None:
        raise NotFound.of("Order", order_id)
    return order


def _paginated(orders: QuerySet, request: Request, *, view: APIView) -> Response:
    paginator = StandardPagination()
    page = paginator.paginate_queryset(orders, request, view=view)
    return paginator.get_paginated_response(OrderOutputSerializer(page, many=True).data)
