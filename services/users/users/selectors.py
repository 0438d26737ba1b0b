from django.db.models import Q, QuerySet

from users.models import User


def user_get(*, user_id: int) -> User | None:
    return User.objects.select_related("profile").filter(pk=user_id).first()


def user_get_active(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


def user_list(*, search: str = "") -> QuerySet[User]:
    """Every user, oldest first; ``search`` narrows to those whose username, email or names contain it."""
    users = User.objects.select_related("profile").order_by("id")
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(email__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    return users
