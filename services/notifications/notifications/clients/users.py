"""The users service, as notifications sees it: who a customer is and where to write to them."""

from dataclasses import dataclass
from typing import Protocol

from microshop_common.clients import ServiceClient, UnexpectedResponse


@dataclass(frozen=True)
class UserAccount:
    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    is_active: bool


class UsersClient(Protocol):
    """What notifications asks of users: :class:`HttpUsersClient` asks over HTTP, a test's fake from memory."""

    def get_user(self, user_id: int) -> UserAccount:
        """The account; ``ResourceNotFound`` if users has none, ``ServiceError`` if users cannot say."""
        ...


class HttpUsersClient(ServiceClient):
    """``GET /api/internal/users/{id}/`` on users.

    Raises ``ResourceNotFound`` for an unknown user and ``ServiceUnavailable`` when users
    does not answer (both from :mod:`microshop_common.clients`).
    """

    service = "users"

    def get_user(self, user_id: int) -> UserAccount:
        body = self.get_json(f"/api/internal/users/{user_id}/")
        try:
            return UserAccount(
                id=int(body["id"]),
                username=str(body["username"]),
                email=str(body["email"]),
                first_name=str(body.get("first_name") or ""),
                last_name=str(body.get("last_name") or ""),
                is_active=bool(body.get("is_active", True)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UnexpectedResponse(
                self.service, f"answered user {user_id} with a body it cannot read ({exc!r})"
            ) from exc
