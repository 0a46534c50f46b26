"""A loopback TCP proxy that can cut a service off and bring it back: a real outage, on demand.

with Proxy(("127.0.0.1", 5432)) as proxy:   # connect to 127.0.0.1:proxy.port instead
    proxy.cut()      # open connections drop, new ones are refused
    proxy.restore()  # the same port forwards again
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

from receivers import closed_port


class Proxy:
    """Forwards each connection to `upstream` until cut; restored on the same port."""

    def __init__(self, upstream: tuple[str, int], port: int | None = None) -> None:
        self.upstream = upstream
        self.port = port or closed_port()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._server: socket.socket | None = None

    def __enter__(self) -> Proxy:
        self.restore()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.cut()

    def restore(self) -> Proxy:
        """Listen on the port (again); new connections reach the service."""
        server = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR on POSIX
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()
        return self

    def cut(self) -> None:
        """Stop listening and drop every open connection, as a service that went down."""
        if self._server is not None:
            _close(self._server)  # shutdown wakes the accept() blocked on it; close alone may not
            self._server = None
        with self._lock:
            dropped, self._open = self._open, []
        for sock in dropped:
            _close(sock)

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        _close(src)
        _close(dst)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
