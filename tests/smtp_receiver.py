"""A real SMTP server on loopback (aiosmtpd) that records what Apprise mails, for delivery tests.

Plain SMTP, no TLS; with `password` it offers AUTH (PLAIN, LOGIN) and accepts only
`user`/`password`, answering 535 otherwise::

    with SmtpReceiver(user="fan", password="pw") as smtp:
        send(smtp.url(auth="fan:pw"), "title", "body")
        assert smtp.messages[0]["Subject"] == "title"
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from receivers import closed_port

SENDER = "radar@example.com"
RECIPIENT = "fan@example.com"


class SmtpReceiver:
    """An aiosmtpd Controller on 127.0.0.1 with a free port; keeps every message it accepts."""

    def __init__(
        self, user: str | None = None, password: str | None = None, port: int | None = None
    ) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Envelope] = []
        self._user, self._password = user, password
        self._port = port  # a given port (a server that "comes back"), else a free one
        self._controller: Controller | None = None

    @property
    def port(self) -> int:
        assert self._controller is not None, "start the receiver first"
        return int(self._controller.port)

    def url(self, auth: str = "", port: int | None = None) -> str:
        """A plain-SMTP Apprise URL: `mailto://[auth@]127.0.0.1:PORT?from=…&to=…`."""
        at = f"{auth}@" if auth else ""
        return f"mailto://{at}127.0.0.1:{port or self.port}?from={SENDER}&to={RECIPIENT}"

    def __enter__(self) -> SmtpReceiver:
        for _ in range(3):  # the free port could be taken between probe and bind; rarely
            controller = Controller(
                _Handler(self),
                hostname="127.0.0.1",
                port=self._port or closed_port(),
                authenticator=self._authenticate if self._password else None,
                auth_require_tls=False,  # AUTH over plain SMTP: loopback only
                ready_timeout=5,
            )
            try:
                controller.start()
            except (OSError, RuntimeError):
                continue
            self._controller = controller
            return self
        raise RuntimeError("could not start the SMTP receiver on a free loopback port")

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self._user
            and data.password.decode() == self._password
        )
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535


class _Handler:
    """aiosmtpd's handler: it probes its attributes for hooks, so it is kept apart."""

    def __init__(self, receiver: SmtpReceiver) -> None:
        self._receiver = receiver

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self._receiver.envelopes.append(envelope)
        self._receiver.messages.append(message)
        return "250 OK"
