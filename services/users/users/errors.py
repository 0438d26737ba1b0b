"""What users refuses, in the domain's words; the API maps each kind to a status code."""

from microshop_common.errors import Conflict, NotFound, Unauthenticated


class UserNotFound(NotFound):
    error = "User not found"
    code = "USER_NOT_FOUND"

    def __init__(self, user_id: int):
        self.user_id = user_id
        super().__init__(f"User with ID {user_id} does not exist")


class InvalidCredentials(Unauthenticated):
    error = "Invalid credentials"
    code = "INVALID_CREDENTIALS"


class InvalidRefreshToken(Unauthenticated):
    error = "Invalid token"
    code = "INVALID_TOKEN"


class AccountExists(Conflict):
    error = "User exists"
    code = "USER_EXISTS"
