from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory.api.serializers import (
    ProductCreateInputSerializer,
    ProductIdsInputSerializer,
    ProductOutputSerializer,
    ProductUpdateInputSerializer,
)
from inventory.models import Product
from inventory.selectors import product_get, product_list, product_list_by_ids
from inventory.services import product_create, product_update
from microshop_common.api.errors import ErrorOutputSerializer, ValidationErrorOutputSerializer
from microshop_common.api.pagination import StandardPagination
from microshop_common.auth import IsService, IsStaff
from microshop_common.errors import NotFound

INVALID_FIELDS = OpenApiResponse(
    ValidationErrorOutputSerializer, description="Invalid fields, a SKU another product has among them."
)
NOT_FOUND = OpenApiResponse(ErrorOutputSerializer, description="No product has this id.")


class ProductListCreateApi(APIView):
    """``GET``: the catalogue, to anyone. ``POST``: a new product, by staff."""

    # Declared on the view so that the OpenAPI document shows the paginated envelope.
    pagination_class = StandardPagination

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsStaff()]

    @extend_schema(responses=ProductOutputSerializer(many=True), operation_id="products_list")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(product_list(), request, view=self)
        return paginator.get_paginated_response(ProductOutputSerializer(page, many=True).data)

    @extend_schema(
        request=ProductCreateInputSerializer,
        responses={201: ProductOutputSerializer, 400: INVALID_FIELDS},
    )
    def post(self, request):
        serializer = ProductCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = product_create(**serializer.validated_data)
        return Response(ProductOutputSerializer(product).data, status=status.HTTP_201_CREATED)


class ProductDetailApi(APIView):
    """``GET``: one product, to anyone. ``PATCH``: change it, by staff."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsStaff()]

    @extend_schema(responses={200: ProductOutputSerializer, 404: NOT_FOUND})
    def get(self, request, product_id: int):
        return Response(ProductOutputSerializer(_product(product_id)).data)

    @extend_schema(
        request=ProductUpdateInputSerializer,
        responses={200: ProductOutputSerializer, 400: INVALID_FIELDS, 404: NOT_FOUND},
    )
    def patch(self, request, product_id: int):
        product = _product(product_id)
        serializer = ProductUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        product = product_update(product=product, **serializer.validated_data)
        return Response(ProductOutputSerializer(product).data)


class ProductBatchApi(APIView):
    """Several products in one call, for other services (orders checks stock and prices)."""

    permission_classes = [IsService]

    @extend_schema(
        parameters=[OpenApiParameter("ids", str, required=True, description="Comma-separated product ids")],
        responses=ProductOutputSerializer(many=True),
        operation_id="internal_products_batch",
    )
    def get(self, request):
        serializer = ProductIdsInputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        products = product_list_by_ids(product_ids=serializer.validated_data["ids"])
        return Response(ProductOutputSerializer(products, many=True).data)


def _product(product_id: int) -> Product:
    product = product_get(product_id=product_id)
    if product is None:
        raise NotFound.of("Product", product_id)
    return product
