"""What users refuses, in the domain's words; the API maps each kind to a status code."""

from microshop_common.errors import Conflict, Unauthenticated


class InvalidCredentials(Unauthenticated):
    error = "Invalid credentials"
    code = "INVALID_CREDENTIALS"


class InvalidRefreshToken(Unauthenticated):
    error = "Invalid token"
    code = "INVALID_TOKEN"


class AccountExists(Conflict):
    error = "User exists"
    code = "USER_EXISTS"
