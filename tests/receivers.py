"""A loopback HTTP receiver that records what Apprise posts, for delivery tests.

Use it as a context manager (or wrap it in a fixture)::

    with Receiver() as rx:
        send(rx.url("/hook"), "title", "body")
        assert rx.received[0].json()["title"] == "title"

`rx.answer(500)` makes it fail, `rx.hang()` makes it hold every request until it
is closed, `rx.on_request(f)` calls `f()` on each request before it is answered,
and `closed_port()` gives a loopback port where nothing listens. `connections`
counts the TCP connections it accepted; `Receiver(keep_alive=True)` answers in
HTTP/1.1 and keeps a connection open for the next request, as real services do.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Received:
    """One request as the receiver saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """A threaded HTTP server on 127.0.0.1 with a free port; records every request."""

    def __init__(self, keep_alive: bool = False) -> None:
        self.received: list[Received] = []
        self.connections = 0
        self.status = 200
        self._failures = 0
        self._delay = 0.0
        self._failure_status = 500
        self._hang = False
        self._on_request: Callable[[], None] = lambda: None
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self, keep_alive))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/", scheme: str = "json", auth: str = "") -> str:
        """An Apprise URL for this receiver, e.g. `json://user:token@127.0.0.1:PORT/path`."""
        return f"{scheme}://{auth + '@' if auth else ''}127.0.0.1:{self.port}{path}"

    def answer(self, status: int) -> None:
        """Answer every following request with this HTTP status."""
        self.status = status

    def fail_first(self, n: int, status: int = 500) -> None:
        """Answer the next `n` requests with `status`, then the usual status again."""
        self._failures = n
        self._failure_status = status

    def slow(self, seconds: float) -> None:
        """Take `seconds` over every following answer."""
        self._delay = seconds

    def on_request(self, action: Callable[[], None]) -> None:
        """Call `action()` on every following request, after it arrived, before the answer."""
        self._on_request = action

    def hang(self) -> None:
        """Hold every following request open, unanswered, until the receiver closes."""
        self._hang = True

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _serve(self) -> None:
        self._server.serve_forever(poll_interval=0.05)  # quick shutdown between tests

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _record(self, handler: BaseHTTPRequestHandler) -> int | None:
        """Record one request; the status to answer, or None to answer nothing."""
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        headers = dict(handler.headers.items())
        self.received.append(Received(handler.command, handler.path, headers, body))
        self._on_request()
        if self._hang:
            self._release.wait()
            return None
        time.sleep(self._delay)
        if self._failures > 0:
            self._failures -= 1
            return self._failure_status
        return self.status


def _handler_for(receiver: Receiver, keep_alive: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

        def setup(self) -> None:
            super().setup()
            receiver.connections += 1  # one handler a connection

        def do_POST(self) -> None:
            status = receiver._record(self)
            if status is not None:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        do_GET = do_PUT = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


def closed_port() -> int:
    """A loopback port with nothing listening on it (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
