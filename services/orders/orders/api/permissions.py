from rest_framework.permissions import BasePermission

from microshop_common.auth import can_access_user_data


class IsOwnerOrStaff(BasePermission):
    """The customer an order belongs to, or staff.

    On ``/users/{user_id}/...`` URLs, that user or staff. Use after ``IsCustomer``,
    which lets only people (not services) through.
    """

    message = "You may only see and change your own orders"

    def has_permission(self, request, view):
        user_id = view.kwargs.get("user_id")
        return user_id is None or can_access_user_data(request.user, user_id)

    def has_object_permission(self, request, view, obj):
        return can_access_user_data(request.user, obj.user_id)
