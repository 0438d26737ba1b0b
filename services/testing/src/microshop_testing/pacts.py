"""Consumer-driven contracts with Pact: the shared folder of pacts, and what consumers and providers do with it.

A consumer's test states what it sends and what it reads, and exercises its real client or
event handler against that; the mock server also checks the service token the client
sends (``ConsumerPact``). The run writes its pacts to ``services/contracts/pacts/``, from
scratch (``microshop_testing.pact_run``). A provider's test replays every pact naming it:
HTTP requests against the service running as real processes, and messages built by the
code that really publishes the event.

Message interactions are described by the event type they carry (``order.placed``): that
is how the producer knows which of its functions makes the message. Their body is the
event's ``data``; the event type and version travel as metadata.
See https://docs.pact.io/getting_started/how_pact_works.
"""

import base64
import contextlib
import functools
import json
import os
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlunsplit

import pytest
import requests
from django.conf import settings
from django.db import connection, connections
from pact import Pact, Verifier, match
from pact.match.matcher import AbstractMatcher
from pact.pact import PactServer
from pact.types import Message

from microshop_common.auth import SERVICE_TOKEN_TYPE
from microshop_common.events.consumer import Handler, consume_event
from microshop_common.events.envelope import build_envelope
from microshop_common.events.models import OutboxEvent
from microshop_common.registry import service_names
from microshop_testing.pact_run import PactRun, shared_pacts_dir
from microshop_testing.tokens import check_service_token

# The Pact core reports anonymous usage over the network unless told not to; tests stay on this machine.
os.environ["PACT_DO_NOT_TRACK"] = "true"

SPECIFICATION = "V4"


def pacts_dir() -> Path:
    """``services/contracts/pacts/``: consumers write there, providers read from there."""
    return shared_pacts_dir(Path(settings.BASE_DIR))


def pact_file(*, consumer: str, provider: str) -> Path:
    return pacts_dir() / f"{consumer}-{provider}.json"


def consumers_of(provider: str) -> list[str]:
    """The services that have a pact with ``provider`` in the shared folder."""
    return sorted(path.name.removesuffix(f"-{provider}.json") for path in pacts_dir().glob(f"*-{provider}.json"))


# Consumer side

# Any JWT, as a pact matcher reads it: three base64url parts. The provider's verification
# sends a live token in its place; the consumer's own is checked by ``ConsumerPact``.
JWT_BEARER = r"^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"


def service_token_header(*, caller: str, callee: str) -> AbstractMatcher:
    """The ``Authorization`` header of a service token, as a pact states it: any JWT.

    The example decodes to the claims ``caller`` signs for ``callee`` (times and the
    signature left out), so that the pact reads the same on every run.
    """
    header = {"alg": "RS256", "typ": "JWT"}
    claims = {"iss": caller, "sub": f"service:{caller}", "aud": callee, "token_type": SERVICE_TOKEN_TYPE}
    example = ".".join([_base64url(header), _base64url(claims), _base64url(f"signed by {caller}")])
    return match.regex(f"Bearer {example}", regex=JWT_BEARER)


def _base64url(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


class ConsumerPact(Pact):
    """A consumer's pact with one provider, whose mock server also checks the service token
    of every request it gets, when the provider is one of the services
    (``check_service_token``): Pact matches the header's shape only."""

    # Used as Pact's own is, in a with statement that gives the running server.
    @contextlib.contextmanager
    def serve(self, *args: Any, **kwargs: Any) -> Iterator[PactServer]:  # type: ignore[override]
        with super().serve(*args, **kwargs) as server, requests_sent_to(str(server.url)) as sent:
            yield server
        if self.provider in service_names():
            for sent_request in sent:
                authorization = sent_request.headers.get("Authorization", "")
                if isinstance(authorization, bytes):
                    authorization = authorization.decode()
                check_service_token(authorization, caller=self.consumer, callee=self.provider)


@contextlib.contextmanager
def requests_sent_to(url: str) -> Iterator[list[requests.PreparedRequest]]:
    """The requests this process sends to ``url`` through ``requests`` while it lasts, each sent on unchanged."""
    sent: list[requests.PreparedRequest] = []
    send = requests.Session.send

    def send_and_keep(session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if str(request.url).startswith(url):
            sent.append(request)
        return send(session, request, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(requests.Session, "send", send_and_keep)
        yield sent


@contextlib.contextmanager
def recording_pacts(run: PactRun) -> Iterator[Callable[[str], Pact]]:
    """``pact_with("users")`` in a test: this service's pact with a provider.

    After the test, the interactions it stated join this run's pacts, which the run
    writes to the shared folder from scratch when it ends (``microshop_testing.pact_run``).
    """
    pacts: list[Pact] = []

    def pact_with(provider: str) -> Pact:
        pacts.append(ConsumerPact(settings.SERVICE_NAME, provider).with_specification(SPECIFICATION))
        return pacts[-1]

    yield pact_with
    for pact in pacts:
        run.record(pact)


def expect_event(pact: Pact, event_type: str, data: dict[str, Any], *, version: int = 1) -> None:
    """The consumer expects an event of this type whose ``data`` matches ``data`` (values or matchers)."""
    (
        pact.upon_receiving(event_type, "Async")
        .with_body(data, content_type="application/json")
        .with_metadata({"event_type": event_type, "version": version})
    )


def consume_expected_events(pact: Pact, handlers: Mapping[str, Handler]) -> None:
    """Hand each event the consumer expects from ``pact``'s provider to this service's real entry
    point and handlers, in the envelope the provider would publish; fail with what they raised."""

    def consume(body: str, metadata: dict[str, Any]) -> None:
        event_type, data = metadata["event_type"], json.loads(body)
        envelope = build_envelope(event_type, data, producer=pact.provider, version=metadata["version"])
        if not consume_event(envelope, handlers):
            raise AssertionError(f"{settings.SERVICE_NAME} has no handler for {event_type}")

    errors = pact.verify(consume, "Async", raises=False)
    if errors:
        pytest.fail("\n".join(f"{error}\n{''.join(traceback.format_exception(error.error))}" for error in errors))


# Provider side


def session_database_url() -> str:
    """The URL of this test session's database, so that a service started as real processes shares it.

    The provider states of a verification are then rows the test writes with its factories.
    """
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    netloc = f"{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return urlunsplit(("postgres", netloc, f"/{database['NAME']}", "", ""))


def in_pact_thread(function: Callable) -> Callable:
    """For a provider state or a message: pact-python calls them from threads of its own,
    whose database connections nobody else closes (a test database with open connections
    cannot be dropped)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    return run


def outbox_message(event_type: str) -> Message:
    """The latest ``event_type`` event in this service's outbox, as the message its consumers get."""
    envelope = OutboxEvent.objects.filter(event_type=event_type).latest("id").envelope
    return Message(
        contents=json.dumps(envelope["data"]).encode(),
        metadata={"event_type": envelope["event_type"], "version": envelope["version"]},
        content_type="application/json",
    )


def http_interactions_with(provider: str) -> list:
    """``pytest.param(consumer, interaction)`` for each HTTP interaction of every pact naming ``provider``."""
    return [
        pytest.param(consumer, interaction, id=f"{consumer}: {interaction['description']}")
        for consumer in consumers_of(provider)
        for interaction in json.loads(pact_file(consumer=consumer, provider=provider).read_text())["interactions"]
        if interaction["type"] == "Synchronous/HTTP"
    ]


def provider_states(
    setups: Mapping[str, Callable[..., None]], *, teardown: Callable[[], None]
) -> Callable[[str, str, dict[str, Any] | None], None]:
    """The ``states`` of ``verify_pact`` and ``replay``: before an interaction, exactly the rows it
    needs (``setups[state](**parameters)``); after it, ``teardown()`` leaves none for the next one."""

    def state(name: str, action: str, parameters: dict[str, Any] | None) -> None:
        if action == "setup":
            setups[name](**(parameters or {}))
        else:
            teardown()

    return state


def replay(
    interaction: dict[str, Any],
    *,
    base_url: str,
    headers: Mapping[str, str],
    states: Callable[[str, str, dict[str, Any] | None], None],
) -> requests.Response:
    """Send an interaction's request as the verifier does, in the provider states it names, with
    ``headers`` in place of the pact's examples."""
    for state in interaction.get("providerStates", []):
        states(state["name"], "setup", state.get("params"))
    request = interaction["request"]
    return requests.request(
        request["method"],
        f"{base_url}{request['path']}",
        params=request.get("query"),
        headers={**{name: values[0] for name, values in request.get("headers", {}).items()}, **headers},
        json=request["body"]["content"] if "body" in request else None,
        timeout=10,
    )


def verify_pact(
    *,
    consumer: str,
    provider: str,
    service_url: str | None = None,
    states: Callable[..., None] | None = None,
    messages: Mapping[str, Callable[[], Message]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Replay the consumer's pact with ``provider``; fail with the verifier's report, which names
    each interaction the provider does not honour.

    ``service_url``: where the provider answers HTTP. ``states``: called as
    ``states(state, action, parameters)`` before ("setup") and after ("teardown") each
    interaction. ``messages``: the function that makes each event, by event type.
    ``headers``: sent with every request, in place of the pact's examples (a live token).
    """
    source = pact_file(consumer=consumer, provider=provider)
    if not source.exists():
        pytest.fail(f"no pact at {source}: run the consumer tests of {consumer} (tests/contract/consumer/) first")
    verifier = Verifier(provider, host="127.0.0.1").add_source(source)
    if service_url:
        verifier.add_transport(url=service_url)
    state_errors: list[str] = []
    if states:

        def set_state(state: str, action: str, parameters: dict[str, Any] | None) -> None:
            # An interaction with no provider state (a message, here) is announced with an empty name.
            if not state:
                return
            try:
                states(state, action, parameters)
            except Exception as exc:
                # The verifier would retry a failed state change for two minutes: note it, and fail below.
                state_errors.append(f"{action} of provider state {state!r} {parameters or ''} raised {exc!r}")

        verifier.state_handler(in_pact_thread(set_state), teardown=True)
    if messages:
        verifier.message_handler({event_type: in_pact_thread(make) for event_type, make in messages.items()})
    for name, value in (headers or {}).items():
        verifier.add_custom_header(name, value)
    try:
        verifier.verify()
    except RuntimeError:
        report = verifier.output(strip_ansi=True)
    else:
        report = ""
    if state_errors or report:
        problems = "\n".join([*state_errors, report])
        pytest.fail(f"{provider} does not honour its pact with {consumer}:\n{problems}", pytrace=False)
