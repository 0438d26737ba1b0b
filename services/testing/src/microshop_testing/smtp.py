"""A mail server on this machine for the tests: it records what it receives, and can be told to refuse.

``with SmtpServer() as server:`` listens on 127.0.0.1, on a free port, in a thread of
its own (aiosmtpd's ``Controller``). Point Django at it with ``server.django_settings()``
(a test in its own process) or ``EMAIL_URL=server.email_url`` (a service run as real
processes): the service then speaks real SMTP over a real socket. ``refuse()`` makes it
answer every ``MAIL``, ``RCPT`` and ``DATA`` with ``451``, a temporary failure, as a mail
server that is overloaded or being restarted does; Django's ``send_mail`` then raises
``smtplib.SMTPException``, an ``OSError``. ``accept()`` takes mail again. ``hold()`` keeps
every message it is sent waiting for the answer to its ``DATA`` until ``release()``, so a
test can act while a sender is in the middle of a send.
https://aiosmtpd.aio-libs.org/en/latest/handlers.html
"""

import asyncio
import email
import email.policy
import threading
import time
from dataclasses import dataclass
from typing import Any

from aiosmtpd.controller import Controller

from microshop_testing.processes import free_ports

HOST = "127.0.0.1"
REFUSAL = "451 4.3.0 Mail server temporarily unavailable, try again later"
HOLD_POLL_SECONDS = 0.01


@dataclass(frozen=True)
class ReceivedMessage:
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str


class _RecordingHandler:
    """aiosmtpd's handler hooks: each returns the reply to its command."""

    def __init__(self) -> None:
        self.refusing = False
        self.holding = False
        self.held = 0
        self.messages: list[ReceivedMessage] = []
        self.refused = 0
        self.received = threading.Condition()

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]) -> str:
        if self.refusing:
            return self._refuse()
        # A hook that accepts does what aiosmtpd would have done without it.
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if self.refusing:
            return self._refuse()
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.holding:
            self.held += 1
            while self.holding:
                await asyncio.sleep(HOLD_POLL_SECONDS)
            self.held -= 1
        if self.refusing:
            return self._refuse()
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        message = ReceivedMessage(
            sender=envelope.mail_from,
            recipients=tuple(envelope.rcpt_tos),
            subject=str(parsed["Subject"] or ""),
            body=body.get_content() if body is not None else "",
        )
        with self.received:
            self.messages.append(message)
            self.received.notify_all()
        return "250 Message accepted for delivery"

    def _refuse(self) -> str:
        self.refused += 1
        return REFUSAL


class SmtpServer:
    """A real SMTP server in this process; see the module's docstring."""

    def __init__(self) -> None:
        self.port = free_ports(1)[0]
        self._handler = _RecordingHandler()
        self._controller = Controller(self._handler, hostname=HOST, port=self.port)

    @property
    def messages(self) -> list[ReceivedMessage]:
        """Every message accepted so far, oldest first."""
        with self._handler.received:
            return list(self._handler.messages)

    def messages_to(self, address: str) -> list[ReceivedMessage]:
        """The messages accepted so far for ``address``: a test that shares the server reads its own."""
        return [message for message in self.messages if address in message.recipients]

    @property
    def refused(self) -> int:
        """How many commands it has answered with a refusal."""
        return self._handler.refused

    @property
    def email_url(self) -> str:
        """``EMAIL_URL`` for a service that should send its mail here."""
        return f"smtp://{HOST}:{self.port}"

    def django_settings(self) -> dict[str, Any]:
        """The settings that make Django's ``send_mail`` in this process deliver here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }

    def refuse(self) -> None:
        """Answer every MAIL, RCPT and DATA with a 451 from now on."""
        self._handler.refusing = True

    def accept(self) -> None:
        """Take mail again."""
        self._handler.refusing = False

    def hold(self) -> None:
        """Keep every message sent from now on waiting for the answer to its DATA, until ``release()``."""
        self._handler.holding = True

    def release(self) -> None:
        """Answer the messages held, and every message after them, at once."""
        self._handler.holding = False

    @property
    def held(self) -> int:
        """How many senders are waiting, their message sent, for the answer to its DATA."""
        return self._handler.held

    def wait_for_messages(self, count: int, *, timeout: float = 10.0) -> list[ReceivedMessage]:
        """Every message, once at least ``count`` have arrived; ``TimeoutError`` if they do not in time."""
        deadline = time.monotonic() + timeout
        with self._handler.received:
            while len(self._handler.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"{len(self._handler.messages)} of {count} messages arrived at {self.email_url} in {timeout}s"
                    )
                self._handler.received.wait(remaining)
            return list(self._handler.messages)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> "SmtpServer":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
