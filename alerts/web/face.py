"""What the daemon and the web app share of the web face, without importing the web stack.

`Face` wires `web:` from the config: the signer, the fans' table, the URL guard.
The daemon asks it for active fans as subscribers and for a guarded sender.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.engine import Engine

from ..config import WebConfig
from ..connections import fresh_connections
from ..deliver import SendResult, target_label
from ..events import Subscriber
from .fans import Fans
from .guard import Guard, Resolver, system_resolve
from .health import beat
from .signing import Signer

Sender = Callable[[str, str, str], SendResult]


class Face:
    def __init__(self, engine: Engine, web: WebConfig, resolve: Resolver = system_resolve) -> None:
        self.engine = engine
        self.web = web
        self.signer = Signer(web.secret)
        self.fans = Fans(engine, self.signer, str(web.base_url))
        self.guard = Guard(web.allowed_schemes, web.allow_loopback, resolve)

    def subscribers(self) -> list[Subscriber]:
        """The fans who subscribed and confirmed on the web."""
        return self.fans.subscribers()

    def config_subscribers(self, subscribers: Sequence[Subscriber]) -> list[Subscriber]:
        """Config subscribers less those who stopped their alerts on the web, each given the
        signed link to their (read-only) page, where they can stop them."""
        gone = self.fans.opted_out()
        return [replace(s, manage_url=self.fans.manage_url(s.name))
                for s in subscribers if s.name not in gone]  # fmt: skip

    def beat(self, now: datetime) -> None:
        beat(self.engine, now)

    def guarded(self, send: Sender) -> Sender:
        """`send` with the URL checked again now and every connection checked as it opens
        (a connection kept from another message is not used: it was not checked)."""

        def guarded_send(url: str, title: str, body: str) -> SendResult:
            reason = self.guard.check(url)
            if reason:
                return SendResult(False, f"{target_label(url)}: refused: {reason}")
            with self.guard.connections(), fresh_connections():
                return send(url, title, body)

        return guarded_send

    def sender(self, send: Sender, fans: Sequence[Subscriber]) -> Sender:
        """`send` for config subscribers' targets, guarded for the web fans' ones."""
        theirs = {url for fan in fans for url in fan.targets}
        guarded = self.guarded(send)
        return lambda url, title, body: (guarded if url in theirs else send)(url, title, body)
