"""A loopback HTTP server that drips its answer, headers or body, a byte at a time.

    with Drip(headers_too=True) as drip:
        fetch_feed(client, "slow", drip.url, Validators(), deadline=2)

Each connection gets one byte every `every` seconds until the answer ends or the
server is closed (bounded: it stops by itself after `limit` seconds). `release()`
makes it send the rest at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>'
    "<item><title>A story</title><link>https://slow.example/a</link></item>"
    "</channel></rss>"
)


class Drip:
    """Serves `body` as an RSS feed, one byte every `every` s (headers too, if `headers_too`)."""

    def __init__(
        self, body: str = FEED, *, headers_too: bool = False, every: float = 0.2,
        limit: float = 60.0,
    ) -> None:  # fmt: skip
        self.body = body.encode()
        self.headers_too = headers_too
        self.every = every
        self.limit = limit
        self.released = threading.Event()
        self.closed = threading.Event()
        self.connections = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/feed"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Drip:
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.closed.set()
        self.released.set()
        self.server.close()
        self.thread.join(10)

    def release(self) -> None:
        """Send what is left of every answer at once."""
        self.released.set()

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while not self.closed.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:  # a timeout to look at `closed` again, or the server was closed
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        slow = head + self.body if self.headers_too else self.body
        ends = time.monotonic() + self.limit
        with conn, contextlib.suppress(OSError):
            conn.recv(65536)  # the request
            if not self.headers_too:
                conn.sendall(head)
            for i in range(len(slow)):
                if self.released.is_set() or time.monotonic() > ends:
                    conn.sendall(slow[i:])
                    break
                conn.sendall(slow[i : i + 1])
                self.released.wait(self.every)
