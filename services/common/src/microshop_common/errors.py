"""What a service raises when a business rule says no: plain exceptions, with no HTTP in them.

Each service names its own errors in the words of its domain, each a subclass of one of
the kinds below: ``class OrderNotCancellable(Conflict)``. The kind is all the API needs:
:mod:`microshop_common.api.errors` maps each kind to a status code, in one table, and
renders every error in the one error shape. So services, selectors, domain rules and
event handlers never import DRF, and the same rule can refuse a request or an event.
(HackSoft's ``core/exceptions.py`` with ``api/exception_handlers.py``.)
"""


class DomainError(Exception):
    """A refusal: ``error`` names the problem, ``code`` is for programs, the message is a sentence.

    A subclass sets ``error`` and ``code`` once; one raise can still name its own.
    """

    error = "Request refused"
    code = "REQUEST_REFUSED"

    def __init__(self, detail: str, *, error: str | None = None, code: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.error = error or self.error
        self.code = code or self.code


class Invalid(DomainError):
    """The request asks for something the rules refuse, such as more units than are in stock."""

    error = "Invalid request"
    code = "INVALID_REQUEST"


class Unauthenticated(DomainError):
    """Who is asking could not be established: a wrong password, a token that no longer holds."""

    error = "Authentication failed"
    code = "AUTHENTICATION_FAILED"


class NotPermitted(DomainError):
    """Who is asking is known, and may not do this."""

    error = "Permission denied"
    code = "PERMISSION_DENIED"


class NotFound(DomainError):
    """What the request names does not exist."""

    error = "Not found"
    code = "NOT_FOUND"

    @classmethod
    def of(cls, resource: str, resource_id: object) -> "NotFound":
        """``NotFound.of("User", 999)``: ``USER_NOT_FOUND``, "User with ID 999 does not exist"."""
        return cls(
            f"{resource} with ID {resource_id} does not exist",
            error=f"{resource} not found",
            code=f"{resource.upper().replace(' ', '_')}_NOT_FOUND",
        )


class Conflict(DomainError):
    """The current state forbids this: an order already cancelled, a username already taken."""

    error = "Conflict"
    code = "CONFLICT"


class Unprocessable(DomainError):
    """The request is well formed and contradicts one made before, such as an idempotency key
    sent again with a different request."""

    error = "Unprocessable request"
    code = "UNPROCESSABLE_REQUEST"


class Unavailable(DomainError):
    """Something the request needs, such as another service, cannot answer now; a retry may work."""

    error = "Service unavailable"
    code = "SERVICE_UNAVAILABLE"
