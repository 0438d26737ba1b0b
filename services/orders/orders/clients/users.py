"""Orders' one way to ask users about an account."""

from dataclasses import dataclass
from typing import Any, Protocol

from microshop_common.clients import ServiceClient, UnexpectedResponse


@dataclass(frozen=True)
class UserAccount:
    id: int
    username: str
    email: str
    is_active: bool


class UsersClient(Protocol):
    """What orders asks of users: :class:`HttpUsersClient` asks over HTTP, a test's fake from memory."""

    def get_user(self, user_id: int) -> UserAccount:
        """The account; ``ResourceNotFound`` if users has none, ``ServiceError`` if users cannot say."""
        ...


class HttpUsersClient(ServiceClient):
    """``GET /api/internal/users/{id}/`` on users.

    Raises ``ResourceNotFound`` for an unknown user, ``ServiceUnavailable`` when users
    does not answer in time or fails, ``UnexpectedResponse`` for an answer it cannot read.
    """

    service = "users"

    def get_user(self, user_id: int) -> UserAccount:
        body = self.get_json(f"/api/internal/users/{user_id}/")
        return self._account(body)

    def _account(self, body: Any) -> UserAccount:
        try:
            account = UserAccount(
                id=int(body["id"]),
                username=str(body["username"]),
                email=str(body["email"]),
                is_active=body["is_active"],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UnexpectedResponse(self.service, f"answered with a user it cannot read: {exc!r}") from exc
        if not isinstance(account.is_active, bool):
            raise UnexpectedResponse(self.service, f"is_active must be true or false, got {account.is_active!r}")
        return account
