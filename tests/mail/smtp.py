"""A local SMTP stand-in for the e-mail tests: aiosmtpd's Controller (its own thread and loop)
on a free port of 127.0.0.1, keeping every message it is given, optionally requiring a login."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "scan@example.nl", "p@ss word"  # percent-encoded in the URL


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """What the stand-in received: each message with its envelope's recipients."""

    port: int
    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    logged_in: list[bool] = field(default_factory=list)  # per message: sent after a login

    @property
    def url(self) -> str:
        return f"smtp://scan%40example.nl:p%40ss%20word@127.0.0.1:{self.port}"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpt, message in self.messages if address in rcpt]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        self.logged_in.append(bool(session.authenticated))
        return "250 OK"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # the server answers 235 or 535


@contextlib.contextmanager
def smtp_stand_in(port: int | None = None) -> Iterator[Inbox]:
    """The stand-in on `port` (a free one when None) until the block ends."""
    inbox = Inbox(port or free_port())
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        authenticator=_authenticate,
        # AUTH offered without TLS (loopback, no certificate); not required, so that a client
        # that does not log in is seen (`logged_in`) rather than refused.
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def body(message: EmailMessage, subtype: str = "plain") -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, f"no text/{subtype} part"
    return str(part.get_content())
