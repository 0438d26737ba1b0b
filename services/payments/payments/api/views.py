from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from microshop_common.api.errors import ErrorOutputSerializer, ValidationErrorOutputSerializer
from microshop_common.api.pagination import StandardPagination
from microshop_common.auth import IsStaff
from microshop_common.errors import NotFound
from payments.api.serializers import ItemCreateInputSerializer, ItemOutputSerializer
from payments.selectors import item_get, item_list
from payments.services import item_create

INVALID_FIELDS = OpenApiResponse(
    ValidationErrorOutputSerializer, description="A name that is missing, blank or too long."
)
NAME_TAKEN = OpenApiResponse(ErrorOutputSerializer, description="Another item has this name.")
NOT_FOUND = OpenApiResponse(ErrorOutputSerializer, description="No item has this id.")


class ItemListCreateApi(APIView):
    """``GET``: the items, to anyone. ``POST``: a new item, by staff."""

    # Declared on the view so that the OpenAPI document shows the paginated envelope.
    pagination_class = StandardPagination

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsStaff()]

    @extend_schema(responses=ItemOutputSerializer(many=True), operation_id="items_list")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(item_list(), request, view=self)
        return paginator.get_paginated_response(ItemOutputSerializer(page, many=True).data)

    @extend_schema(
        request=ItemCreateInputSerializer,
        responses={201: ItemOutputSerializer, 400: INVALID_FIELDS, 409: NAME_TAKEN},
    )
    def post(self, request):
        serializer = ItemCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = item_create(**serializer.validated_data)
        return Response(ItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ItemDetailApi(APIView):
    """``GET``: one item, to anyone."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: ItemOutputSerializer, 404: NOT_FOUND})
    def get(self, request, item_id: int):
        item = item_get(item_id=item_id)
        if item is None:
            raise NotFound.of("Item", item_id)
        return Response(ItemOutputSerializer(item).data)
