from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from microshop_common.api.errors import ErrorOutputSerializer, ValidationErrorOutputSerializer
from microshop_common.api.pagination import StandardPagination
from microshop_common.auth import IsCustomer, can_access_user_data
from microshop_common.errors import NotFound
from payments.api.serializers import PaymentListFilterSerializer, PaymentOutputSerializer
from payments.models import Payment
from payments.selectors import payment_get, payment_list

ERROR = OpenApiResponse(ErrorOutputSerializer, description="The error shape: error, code, detail.")
INVALID_FILTER = OpenApiResponse(ValidationErrorOutputSerializer, description="An order_id that is not a positive id.")


class PaymentListApi(APIView):
    """``GET``: the caller's payments (staff: everyone's), newest first; ``?order_id=`` for one order's."""

    permission_classes = [IsCustomer]
    # Declared on the view so that the OpenAPI document shows the paginated envelope.
    pagination_class = StandardPagination

    @extend_schema(
        parameters=[PaymentListFilterSerializer],
        responses={200: PaymentOutputSerializer(many=True), 400: INVALID_FILTER, 401: ERROR, 403: ERROR},
        operation_id="payments_list",
    )
    def get(self, request):
        filters = PaymentListFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        user = request.user
        payments = payment_list(user_id=None if user.is_staff else user.id, **filters.validated_data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(payments, request, view=self)
        return paginator.get_paginated_response(PaymentOutputSerializer(page, many=True).data)


class PaymentDetailApi(APIView):
    """``GET``: one payment, to the customer who paid it or staff."""

    permission_classes = [IsCustomer]

    @extend_schema(responses={200: PaymentOutputSerializer, 401: ERROR, 403: ERROR, 404: ERROR})
    def get(self, request, payment_id: int):
        payment = _payment(payment_id)
        # Another customer's payment is answered as if it did not exist: a 403 would tell
        # them which ids are taken.
        if not can_access_user_data(request.user, payment.user_id):
            raise NotFound.of("Payment", payment_id)
        return Response(PaymentOutputSerializer(payment).data)


def _payment(payment_id: int) -> Payment:
    payment = payment_get(payment_id=payment_id)
    if payment is None:
        raise NotFound.of("Payment", payment_id)
    return payment
