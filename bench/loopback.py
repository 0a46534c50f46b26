"""Loopback servers for the reliability bench: feeds (healthy and hostile) and alert receivers.

One threaded server on 127.0.0.1 writes raw bytes, so a route can lie, drip or loop the way
no well-behaved HTTP library would let it. Routes are functions of the request's path; a
POST is a received alert, recorded with its body. Nothing here listens beyond 127.0.0.1.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from typing import BinaryIO, cast

Route = Callable[["Request", BinaryIO], None]
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Loopback:
    """A threaded raw-HTTP server on 127.0.0.1: routes by path prefix, records every POST."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.posts: list[Request] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        server = socketserver.ThreadingTCPServer((LOOPBACK, 0), _handler(self))
        server.daemon_threads = True
        self._server = server
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://{LOOPBACK}:{self._server.server_address[1]}"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def route(self, prefix: str, handler: Route) -> str:
        self.routes[prefix] = handler
        return self.base + prefix

    def received(self, prefix: str) -> list[Request]:
        with self.lock:
            return [r for r in self.posts if r.path.startswith(prefix)]

    def close(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def _serve(self, req: Request, out: BinaryIO) -> None:
        with self.lock:
            self.hits[req.path] = self.hits.get(req.path, 0) + 1
            if req.method == "POST":
                self.posts.append(req)
        handler = next((h for p, h in self.routes.items() if req.path.startswith(p)), None)
        if handler is None:
            respond(out, b"not here", status="404 Not Found", kind="text/plain")
        else:
            handler(req, out)


def _handler(server: Loopback) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        timeout = 600

        def handle(self) -> None:
            try:
                line = self.rfile.readline(65536).decode("latin-1").split()
                headers = {}
                while (h := self.rfile.readline(65536)) not in (b"\r\n", b"\n", b""):
                    name, _, value = h.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = self.rfile.read(int(headers.get("content-length") or 0))
                if len(line) >= 2:
                    out = cast(BinaryIO, self.wfile)
                    server._serve(Request(line[0], line[1], headers, body), out)
            except OSError:
                pass  # the client went away (a fetch deadline): that is the point of some routes

    return Handler


def respond(
    out: BinaryIO,
    body: bytes,
    status: str = "200 OK",
    kind: str = "application/rss+xml",
    extra: str = "",
    length: int | None = None,
) -> None:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n"
        f"Content-Length: {len(body) if length is None else length}\r\n"
        f"Connection: close\r\n{extra}\r\n"
    )
    out.write(head.encode("latin-1") + body)
    out.flush()


def drip(out: BinaryIO, data: bytes, every: float, stop: threading.Event) -> None:
    """Write `data` one byte at a time, `every` seconds apart, until done or `stop`."""
    for i in range(len(data)):
        if stop.wait(every):
            return
        out.write(data[i : i + 1])
        out.flush()


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, link, text) items, published now."""
    date = format_datetime(datetime.now(UTC))
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>{date}</pubDate><description>{escape(text)}</description></item>"
        for t, link, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback</title>'
        f"<link>http://{LOOPBACK}/</link><description>bench</description>{entries}</channel></rss>"
    ).encode()


def feed_route(items: list[tuple[str, str, str]]) -> Route:
    body = rss(items)
    return lambda req, out: respond(out, body)


def receiver_route(delay: float = 0.0) -> Route:
    """An alert receiver answering 200 after `delay` seconds."""

    def answer(req: Request, out: BinaryIO) -> None:
        time.sleep(delay)
        respond(out, b"", kind="text/plain")

    return answer


def closed_port() -> int:
    """A loopback port where nothing listens (bound, then closed)."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])
