from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from microshop_common.api.pagination import StandardPagination
from microshop_common.auth import IsCustomer, IsOwnerOrStaff
from notifications.api.serializers import NotificationOutputSerializer
from notifications.selectors import notification_list_for_user


class UserNotificationListApi(APIView):
    """A customer's notifications, newest first, to that customer and to staff.

    notifications does not own accounts: an id it holds nothing for is an empty page,
    not a 404. An id that is not a number matches no URL (404 in the error shape).
    """

    permission_classes = [IsCustomer, IsOwnerOrStaff]
    # Declared on the view so that the OpenAPI document shows the paginated envelope.
    pagination_class = StandardPagination

    @extend_schema(responses=NotificationOutputSerializer(many=True), operation_id="user_notifications_list")
    def get(self, request, user_id: int):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(notification_list_for_user(user_id=user_id), request, view=self)
        return paginator.get_paginated_response(NotificationOutputSerializer(page, many=True).data)
