"""The security layer's machinery: who asks, with which token, and what every route must answer.

OWASP API Security Top 10 (2023): API1 Broken Object Level Authorization, API2 Broken
Authentication, API5 Broken Function Level Authorization.
https://owasp.org/API-Security/editions/2023/en/0x11-t10/

A service's authorization matrix is a table in its ``tests/security/``: one row per
``"METHOD /path/{param}/"`` of its URLconf, holding the status each principal must get.
The routes come from Django's resolver, so a new endpoint without a row fails the layer
and names itself. Columns:

``anonymous``  no ``Authorization`` header
``owner``      the customer the objects in the path belong to
``other``      another customer
``staff``      a staff member
``service``    a service token signed by a caller the service trusts (by the first
               service of the registry otherwise, which the service then refuses)
``rejected``   one status for every token that must not authenticate: expired, and
               forged (``alg: none``, HS256 keyed with the public key, another RSA key,
               wrong ``aud``, wrong ``iss``, ``iss`` as a list), each forged once with a
               staff member's claims and once as a service token

Each cell runs in a savepoint rolled back afterwards, with the throttles' counters
emptied, so every principal meets the same objects in the same state.
"""

import base64
import collections
import functools
import hashlib
import hmac
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from microshop_testing.tokens import customer_token, service_token

# Methods every view answers the same way whatever it does: HEAD is GET without a body
# (Django), OPTIONS is DRF's metadata, run through the same authentication and permissions.
DERIVED_METHODS = {"HEAD", "OPTIONS"}
PRINCIPAL_COLUMNS = ("anonymous", "owner", "other", "staff", "service")
FORGERIES = (
    "alg none",
    "HS256 keyed with the public key",
    "another RSA key",
    "wrong aud",
    "wrong iss",
    "iss as a list",
)
ERROR_KEYS = {"error", "code", "detail"}
# What this process's security tests sent, for the summary the plugin prints at the end.
COUNTED: collections.Counter[str] = collections.Counter()
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Row:
    """The status each principal gets from one route and method, and what to send."""

    anonymous: int
    owner: int
    other: int
    staff: int
    service: int
    rejected: int = 401
    body: Callable[["World"], Any] | None = None
    query: str = ""

    def expected(self, column: str) -> int:
        return getattr(self, column)


@dataclass
class World:
    """The objects a matrix runs against: who the customers are, and what the path parameters name."""

    owner_id: int
    other_id: int
    staff_id: int
    params: dict[str, Any] = field(default_factory=dict)
    things: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Principal:
    name: str
    column: str
    authorization: str | None


# Every service serves these (microshop_common.api.urls); none of them reads a token.
COMMON_ROWS = {
    "GET /health/": Row(anonymous=200, owner=200, other=200, staff=200, service=200, rejected=200),
    "GET /health/ready/": Row(anonymous=200, owner=200, other=200, staff=200, service=200, rejected=200),
    "GET /api/schema/": Row(anonymous=200, owner=200, other=200, staff=200, service=200, rejected=200),
    "GET /api/docs/": Row(anonymous=200, owner=200, other=200, staff=200, service=200, rejected=200),
}


def routes(urlconf: str | None = None) -> dict[str, tuple[str, str]]:
    """``{"GET /api/orders/{order_id}/": ("GET", "/api/orders/{order_id}/")}`` for every view and method."""
    from django.urls import get_resolver

    found = {}
    for path, callback in _walk(get_resolver(urlconf).url_patterns, "/"):
        for method in _methods(callback):
            found[f"{method} {path}"] = (method, path)
    return found


def _walk(patterns, prefix: str) -> Iterator[tuple[str, Callable]]:
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + _route(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + _route(pattern.pattern), pattern.callback


def _route(pattern) -> str:
    from django.urls.resolvers import RoutePattern

    if isinstance(pattern, RoutePattern):
        return CONVERTER.sub(r"{\1}", str(pattern._route))
    # A regex route has no readable template: its own text names it in a failure.
    return str(pattern).lstrip("^").rstrip("$")


def _methods(callback: Callable) -> list[str]:
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        # A function view says nothing of its methods: it is asked with GET.
        return ["GET"]
    names = view_class.http_method_names
    return [name.upper() for name in names if hasattr(view_class, name) and name.upper() not in DERIVED_METHODS]


def principals(world: World) -> list[Principal]:
    """Every column of the matrix, each with the ``Authorization`` header it sends."""
    from django.conf import settings

    trusted = sorted(settings.SERVICE_AUTH["TRUSTED_KEYS"])
    caller = trusted[0] if trusted else _first_other_service(settings.SERVICE_NAME)
    staff_claims = _customer_claims(world.staff_id, is_staff=True)
    service_claims = _service_claims(caller, settings.SERVICE_NAME)
    bearer = "Bearer {}".format
    found = [
        Principal("anonymous", "anonymous", None),
        Principal("owner", "owner", bearer(customer_token(world.owner_id))),
        Principal("another customer", "other", bearer(customer_token(world.other_id))),
        Principal("staff", "staff", bearer(customer_token(world.staff_id, is_staff=True))),
        Principal(f"service token of {caller}", "service", bearer(service_token(caller))),
        Principal(
            "expired staff token", "rejected", bearer(customer_token(world.staff_id, is_staff=True, lifetime=-60))
        ),
        Principal(
            "expired service token", "rejected", bearer(_sign({**service_claims, "exp": int(time.time()) - 60}, caller))
        ),
    ]
    for forgery in FORGERIES:
        found.append(Principal(f"staff token, {forgery}", "rejected", bearer(forge(staff_claims, "users", forgery))))
        found.append(Principal(f"service token, {forgery}", "rejected", bearer(forge(service_claims, caller, forgery))))
    return found


def _first_other_service(name: str) -> str:
    from microshop_common.registry import service_names

    return next(other for other in service_names() if other != name)


def _customer_claims(user_id: int, *, is_staff: bool) -> dict[str, Any]:
    return jwt.decode(customer_token(user_id, is_staff=is_staff), options={"verify_signature": False})


def _service_claims(caller: str, audience: str) -> dict[str, Any]:
    return jwt.decode(service_token(caller, audience=audience), options={"verify_signature": False})


def forge(claims: dict[str, Any], issuer: str, forgery: str) -> str:
    """``claims`` as an attacker would present them, ``issuer`` being the service whose key should sign them."""
    from django.conf import settings

    from microshop_common.keys import public_key_path

    if forgery == "alg none":
        return _unsigned({"alg": "none", "typ": "JWT"}, claims)
    if forgery == "HS256 keyed with the public key":
        # The key confusion attack: a verifier that lets the token pick its algorithm
        # takes the public key, which anyone has, as an HMAC secret.
        public_pem = public_key_path(settings.JWT_KEYS_DIR, issuer).read_bytes()
        unsigned = _unsigned({"alg": "HS256", "typ": "JWT"}, claims).rstrip(".")
        signature = hmac.new(public_pem, unsigned.encode(), hashlib.sha256).digest()
        return f"{unsigned}.{_b64(signature)}"
    if forgery == "another RSA key":
        return _rs256(claims, _stranger_key())
    if forgery == "wrong aud":
        return _sign({**claims, "aud": "somewhere-else"}, issuer)
    if forgery == "wrong iss":
        return _sign({**claims, "iss": "impostor"}, issuer)
    if forgery == "iss as a list":
        return _sign({**claims, "iss": [claims["iss"], "impostor"]}, issuer)
    raise ValueError(f"unknown forgery {forgery!r}")


def _sign(claims: dict[str, Any], issuer: str) -> str:
    from django.conf import settings

    from microshop_common.keys import load_private_key, private_key_path

    return _rs256(
        {**claims, "jti": uuid.uuid4().hex},
        load_private_key(private_key_path(settings.JWT_KEYS_DIR, issuer).read_text()),
    )


def _rs256(claims: dict[str, Any], key: rsa.RSAPrivateKey) -> str:
    # Signed by hand: PyJWT refuses to encode some of the claims a forger sends (an iss that is a list).
    unsigned = _unsigned({"alg": "RS256", "typ": "JWT"}, claims).rstrip(".")
    signature = key.sign(unsigned.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{unsigned}.{_b64(signature)}"


def _unsigned(header: dict[str, str], claims: dict[str, Any]) -> str:
    def part(value: dict) -> str:
        return _b64(json.dumps(value, separators=(",", ":")).encode())

    return f"{part(header)}.{part(claims)}."


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@functools.cache
def _stranger_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class Cell:
    endpoint: str
    principal: str
    expected: int
    got: int
    problem: str = ""

    def __str__(self) -> str:
        said = f"expected {self.expected}, got {self.got}"
        return f"  {self.endpoint:<45} {self.principal:<42} {said}{f' ({self.problem})' if self.problem else ''}"


@dataclass
class MatrixRun:
    cells: int = 0
    wrong: list[Cell] = field(default_factory=list)


def unlisted_routes(table: dict[str, Row], urlconf: str | None = None) -> list[str]:
    return sorted(set(routes(urlconf)) - set(table))


def stale_rows(table: dict[str, Row], urlconf: str | None = None) -> list[str]:
    return sorted(set(table) - set(routes(urlconf)))


def assert_every_route_has_a_row(table: dict[str, Row], table_file: str) -> None:
    missing, stale = unlisted_routes(table), stale_rows(table)
    problems = [f"  {endpoint}: no row; add one to {os.path.relpath(table_file)}" for endpoint in missing]
    problems += [f"  {endpoint}: a row for a route the URLconf does not have; remove it" for endpoint in stale]
    if problems:
        pytest.fail("The authorization matrix and the URLconf disagree:\n" + "\n".join(problems), pytrace=False)


def run_matrix(table: dict[str, Row], world: World) -> MatrixRun:
    """Ask every route of the table as every principal; collect every cell that answers otherwise."""
    from django.core.cache import caches
    from django.db import transaction

    run = MatrixRun()
    known = routes()
    everyone = principals(world)
    for endpoint in sorted(set(table) & set(known)):
        method, path = known[endpoint]
        row = table[endpoint]
        url = path.format(**world.params) + (f"?{row.query.format(**world.params)}" if row.query else "")
        for principal in everyone:
            client = _client()
            if principal.authorization:
                client.credentials(HTTP_AUTHORIZATION=principal.authorization)
            body = row.body(world) if row.body else None
            with transaction.atomic():
                response = client.generic(method, url, json.dumps(body) if body is not None else "", "application/json")
                transaction.set_rollback(True)
            caches["default"].clear()
            run.cells += 1
            expected = row.expected(principal.column)
            problem = _problem_with(response)
            if response.status_code != expected or problem:
                run.wrong.append(Cell(endpoint, principal.name, expected, response.status_code, problem))
    return run


def _problem_with(response) -> str:
    """An error answer that is not in the error shape."""
    if response.status_code < 400:
        return ""
    try:
        body = response.json()
    except ValueError:
        return "the error is not JSON"
    if not isinstance(body, dict) or not set(body) >= ERROR_KEYS:
        return f"the error is not in the error shape: {str(body)[:80]}"
    return ""


def assert_matrix(table: dict[str, Row], world: World) -> MatrixRun:
    run = run_matrix(table, world)
    COUNTED["authorization matrix cells"] += run.cells
    if run.wrong:
        lines = "\n".join(str(cell) for cell in run.wrong)
        pytest.fail(
            f"{len(run.wrong)} of {run.cells} cells of the authorization matrix are wrong:\n{lines}", pytrace=False
        )
    return run


# OWASP API8 Security Misconfiguration (injection): strings an attacker sends in every
# field. Each must be stored and read back as sent, or refused in the error shape.
INJECTIONS = {
    "SQL": "' OR '1'='1'; DROP TABLE auth_user; --",
    "script": "<script>alert(document.cookie)</script>",
    "path traversal": "../../../../etc/passwd",
}
# A header value that, echoed as it came, would end the header and add one of its own.
SPLITTING_CORRELATION_ID = "abc\r\nSet-Cookie: stolen=1"


@dataclass(frozen=True)
class Write:
    """A write endpoint: a valid body, who sends it, and where the staff reads what it stored.

    ``read_back`` is a URL formatted with the fields of the answer (``/api/orders/{id}/``).
    """

    body: Callable[[World], Any] | None
    principal: str = "owner"
    read_back: str | None = None


def write_routes(urlconf: str | None = None) -> dict[str, tuple[str, str]]:
    return {endpoint: route for endpoint, route in routes(urlconf).items() if route[0] in {"POST", "PUT", "PATCH"}}


def assert_every_write_has_an_entry(table: dict[str, Write], table_file: str) -> None:
    missing = sorted(set(write_routes()) - set(table))
    stale = sorted(set(table) - set(write_routes()))
    problems = [f"  {endpoint}: no entry; add one to {os.path.relpath(table_file)}" for endpoint in missing]
    problems += [f"  {endpoint}: an entry for a write the URLconf does not have; remove it" for endpoint in stale]
    if problems:
        pytest.fail("The injection table and the URLconf disagree:\n" + "\n".join(problems), pytrace=False)


def string_fields(value: Any, path: tuple = ()) -> list[tuple]:
    """The path of every string in a JSON body: ``[("shipping_address", "street"), ...]``."""
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict):
        return [found for key, nested in value.items() for found in string_fields(nested, (*path, key))]
    if isinstance(value, list):
        return [found for index, nested in enumerate(value) for found in string_fields(nested, (*path, index))]
    return []


def replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[head] = replaced(value[head], tuple(rest), new)
    return copy


def _at(value: Any, path: tuple) -> Any:
    for key in path:
        in_dict = isinstance(value, dict) and key in value
        in_list = isinstance(value, list) and isinstance(key, int) and key < len(value)
        if in_dict or in_list:
            value = value[key]
        else:
            return _ABSENT
    return value


_ABSENT = object()


def _client():
    from rest_framework.test import APIClient

    # A view that fails must be a wrong cell in the report, not an exception that ends the run.
    client = APIClient()
    client.raise_request_exception = False
    return client


def client_as(column: str, world: World):
    client = _client()
    token = {
        "anonymous": None,
        "owner": lambda: customer_token(world.owner_id),
        "other": lambda: customer_token(world.other_id),
        "staff": lambda: customer_token(world.staff_id, is_staff=True),
    }[column]
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token()}")
    return client


def assert_injections_are_inert(table: dict[str, Write], world: World) -> int:
    """Send every injection in every string field of every write; return how many requests it took."""
    from django.core.cache import caches
    from django.db import transaction

    known = write_routes()
    problems: list[str] = []
    cases = 0
    for endpoint in sorted(set(table) & set(known)):
        method, path = known[endpoint]
        write = table[endpoint]
        if write.body is None:
            continue
        url = path.format(**world.params)
        valid = write.body(world)
        for field_path in string_fields(valid):
            for kind, payload in INJECTIONS.items():
                where = f"{endpoint} {'.'.join(map(str, field_path))} ({kind})"
                with transaction.atomic():
                    response = client_as(write.principal, world).generic(
                        method, url, json.dumps(replaced(valid, field_path, payload)), "application/json"
                    )
                    problems += [
                        f"  {where}: {problem}" for problem in _injection_problems(response, field_path, payload)
                    ]
                    if write.read_back and response.status_code < 300:
                        again = client_as("staff", world).get(write.read_back.format(**response.json()))
                        stored = _at(again.json(), field_path)
                        if stored is not _ABSENT and stored != payload:
                            problems.append(f"  {where}: read back as {stored!r}")
                    transaction.set_rollback(True)
                caches["default"].clear()
                cases += 1
    COUNTED["injected requests"] += cases
    if problems:
        pytest.fail(f"{len(problems)} of {cases} injected requests went wrong:\n" + "\n".join(problems), pytrace=False)
    return cases


def _injection_problems(response, field_path: tuple, payload: str) -> list[str]:
    if response.status_code >= 500:
        return [f"answered {response.status_code}"]
    if response.content and not response["Content-Type"].startswith("application/json"):
        return [f"answered {response['Content-Type']}, which a browser could render"]
    if response.status_code >= 400:
        problem = _problem_with(response)
        return [problem] if problem else []
    echoed = _at(response.json(), field_path)
    if echoed is not _ABSENT and echoed != payload:
        return [f"stored as {echoed!r}"]
    return []


def assert_the_correlation_header_never_splits(table: dict[str, Row], world: World) -> None:
    """Every route, asked by staff with a correlation id that carries a header of its own."""
    from django.db import transaction

    known = routes()
    problems = []
    for endpoint in sorted(set(table) & set(known)):
        method, path = known[endpoint]
        row = table[endpoint]
        body = row.body(world) if row.body else None
        url = path.format(**world.params) + (f"?{row.query.format(**world.params)}" if row.query else "")
        with transaction.atomic():
            response = client_as("staff", world).generic(
                method,
                url,
                json.dumps(body) if body is not None else "",
                "application/json",
                HTTP_X_CORRELATION_ID=SPLITTING_CORRELATION_ID,
            )
            transaction.set_rollback(True)
        headers = [f"{name}: {value}" for name, value in response.items()]
        if response.status_code >= 500:
            problems.append(f"  {endpoint}: answered {response.status_code}")
        elif any("\r" in header or "\n" in header for header in headers) or response.has_header("Set-Cookie"):
            problems.append(f"  {endpoint}: a header was split: {headers}")
    if problems:
        pytest.fail("A correlation id with CR LF in it broke these answers:\n" + "\n".join(problems), pytrace=False)


# OWASP API3 Broken Object Property Level Authorization and API8 Security Misconfiguration:
# what an answer must never carry.
TRACE_MARKERS = ("Traceback", 'File "', "<html", "<!DOCTYPE", "site-packages")
FAILURE_MESSAGE = "a detail only the server may know: /etc/secret"


def assert_the_owners_data_reaches_no_other_customer(table: dict[str, Row], world: World, secrets: list[str]) -> int:
    """Every GET of the table, asked by another customer, carries none of ``secrets`` (the owner's)."""
    problems = []
    asked = 0
    for endpoint, (method, path) in sorted(routes().items()):
        if method != "GET" or endpoint not in table:
            continue
        row = table[endpoint]
        url = path.format(**world.params) + (f"?{row.query.format(**world.params)}" if row.query else "")
        body = client_as("other", world).get(url).content.decode(errors="replace")
        asked += 1
        problems += [f"  {endpoint} shows {secret!r}" for secret in secrets if secret in body]
    if problems:
        pytest.fail("Another customer sees the owner's data:\n" + "\n".join(problems), pytrace=False)
    return asked


def urlconf_with_failing_views():
    """The service's URLconf with two views that fail unexpectedly: a Django view and a DRF one."""
    import types
    from importlib import import_module

    from django.conf import settings
    from django.urls import path
    from rest_framework.permissions import AllowAny
    from rest_framework.views import APIView

    def failing_view(request):
        raise RuntimeError(FAILURE_MESSAGE)

    class FailingApi(APIView):
        permission_classes = [AllowAny]

        def get(self, request):
            raise RuntimeError(FAILURE_MESSAGE)

    root = import_module(settings.ROOT_URLCONF)
    module = types.ModuleType("urlconf_with_failing_views")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("failing/django/", failing_view),
        path("failing/api/", FailingApi.as_view()),
        *root.urlpatterns,
    ]
    for handler in ("handler400", "handler404", "handler500"):
        setattr(module, handler, getattr(root, handler))
    return module


def error_answers(world: World, writes: dict[str, Write]) -> dict[str, Any]:
    """An answer of every kind of failure: unexpected errors, unknown URLs and methods, malformed JSON."""
    client = client_as("staff", world)
    answers = {
        "an unexpected error in a Django view": client.get("/failing/django/"),
        "an unexpected error in an API view": client.get("/failing/api/"),
        "an unknown URL": client.get("/no/such/place/"),
    }
    for endpoint, (method, path) in sorted(routes().items()):
        url = path.format(**world.params)
        answers[f"DELETE {path}"] = client.delete(url)
        if endpoint in writes and writes[endpoint].body is not None:
            answers[f"{endpoint} with malformed JSON"] = client.generic(method, url, "{not json", "application/json")
    return answers


def assert_no_error_reveals_the_server(world: World, writes: dict[str, Write]) -> int:
    """Every error answer is JSON in the error shape, with no trace, page or detail of the failure."""
    problems = []
    answers = error_answers(world, writes)
    for what, response in answers.items():
        text = response.content.decode(errors="replace")
        if response.status_code < 400:
            problems.append(f"  {what}: answered {response.status_code}, not an error")
            continue
        problem = _problem_with(response)
        leaked = [marker for marker in (*TRACE_MARKERS, FAILURE_MESSAGE) if marker in text]
        if problem or leaked:
            problems.append(f"  {what}: {response.status_code} {problem or f'shows {leaked}'}")
    if problems:
        pytest.fail("Error answers that reveal too much:\n" + "\n".join(problems), pytrace=False)
    return len(answers)


def assert_throttled(response, *, within_seconds: int) -> None:
    """OWASP API4 Unrestricted Resource Consumption: a 429 in the error shape, saying when to come back."""
    assert response.status_code == 429, f"expected 429, got {response.status_code}: {response.content[:200]!r}"
    assert 0 < int(response["Retry-After"]) <= within_seconds
    body = response.json()
    assert (body["error"], body["code"]) == ("Too many requests", "THROTTLED")
    assert set(body) == ERROR_KEYS


def report(terminalreporter) -> None:
    if COUNTED:
        terminalreporter.write_line("security: " + ", ".join(f"{n} {what}" for what, n in sorted(COUNTED.items())))
