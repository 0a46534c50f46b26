"""Kept-alive HTTP connections for one delivery pass, and a deadline on each send through them.

A `Connections` lives for one pass: each sending thread gets one `requests.Session`
(sessions are not shared between threads), whose connection to a host is kept from
one message to the next; all are closed when the pass ends, so no idle connection
outlives it (a server may close an idle one at any time). Cookies a receiver sets
are not kept. It also remembers what was worked out once per target (`remember`).

A send through a kept session runs in the sending thread, with no thread of its own
to abandon when it runs late, so `sending(deadline)` gives it a watch: the sockets
that session opens are noted as they connect (an audit hook, like the web guard's),
and a watchdog shuts them down once the deadline has passed. A receiver that drips
its answer a byte at a time then fails the send at the deadline, as it would fail
Apprise's own.
"""

from __future__ import annotations

import http.cookiejar
import os
import socket
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from requests.sessions import merge_setting

T = TypeVar("T")

WATCH_EVERY = 0.05
"""Seconds between the watchdog's looks at the sends in flight (how late a deadline may act)."""


class Watch:
    """The sockets one session has opened, and whether its send in flight ran out of time."""

    def __init__(self) -> None:
        self.sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self.expired = False

    def expire(self) -> None:
        self.expired = True
        for sock in list(self.sockets):
            with suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)  # a blocked read returns at once


_SESSION: ContextVar[requests.Session | None] = ContextVar("renewal_radar_session", default=None)
_WATCH: ContextVar[Watch | None] = ContextVar("renewal_radar_watch", default=None)
_FRESH: ContextVar[bool] = ContextVar("renewal_radar_fresh", default=False)


def current_session() -> requests.Session | None:
    """The kept-alive session of the message being sent in this context, if any."""
    return _SESSION.get()


@contextmanager
def fresh_connections() -> Iterator[None]:
    """Sends in this block open their own connections and keep none (a web fan's, whose
    every connection the URL guard checks as it opens)."""
    token = _FRESH.set(True)
    try:
        yield
    finally:
        _FRESH.reset(token)


def keeping() -> bool:
    """False within `fresh_connections`."""
    return not _FRESH.get()


class _Session(requests.Session):
    """A kept session that reads the proxy settings of the environment once a host.

    `requests` reads them (every variable, twice) on every request, which costs as much
    as the rest of a loopback request; the environment does not change within a pass.
    The rest is `requests.Session.merge_environment_settings` as it stands.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self._environ: dict[tuple[str, str, str | None], dict[str, str]] = {}

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        if self.trust_env:
            no_proxy = proxies.get("no_proxy") if proxies is not None else None
            parts = urlsplit(url)
            key = (parts.scheme, parts.netloc, no_proxy)
            if key not in self._environ:
                self._environ[key] = requests.utils.get_environ_proxies(url, no_proxy=no_proxy)
            if proxies is not None:
                for name, value in self._environ[key].items():
                    proxies.setdefault(name, value)
            if verify is True or verify is None:
                bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
                verify = bundle or verify
        return {
            "proxies": merge_setting(proxies, self.proxies),
            "stream": merge_setting(stream, self.stream),
            "verify": merge_setting(verify, self.verify),
            "cert": merge_setting(cert, self.cert),
        }


class Connections:
    """What one delivery pass keeps between messages: sessions, and per-target values."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._remembered: dict[str, Any] = {}
        self._flying: dict[Watch, float] = {}  # sends in flight: their deadlines (monotonic)
        self._closed = threading.Event()
        self._watchdog: threading.Thread | None = None

    def __enter__(self) -> Connections:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def remember(self, key: str, make: Callable[[], T]) -> T:
        """`make()`, worked out once a pass for `key`."""
        with self._lock:
            if key in self._remembered:
                found: T = self._remembered[key]
                return found
        made = make()
        with self._lock:
            self._remembered[key] = made
        return made

    def session(self) -> requests.Session:
        """This thread's session, opened on first use."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = _Session()
            self._local.session, self._local.watch = session, Watch()
            with self._lock:
                self._sessions.append(session)
        return session

    @contextmanager
    def sending(self, deadline: float) -> Iterator[Watch]:
        """One send through this thread's session, cut at `deadline` seconds from now."""
        _install_hook()
        session = self.session()
        watch: Watch = self._local.watch
        with self._lock:
            watch.expired = False
            self._flying[watch] = time.monotonic() + deadline
        self._start_watchdog()
        tokens = _SESSION.set(session), _WATCH.set(watch)
        try:
            yield watch
        finally:
            _SESSION.reset(tokens[0])
            _WATCH.reset(tokens[1])
            with self._lock:  # the watchdog expires a watch only while it is flying
                self._flying.pop(watch, None)

    def drop(self) -> None:
        """Close this thread's session; its next send opens a new one."""
        session = getattr(self._local, "session", None)
        self._local.session = None
        if session is not None:
            with self._lock:
                self._sessions.remove(session)
            session.close()

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def _start_watchdog(self) -> None:
        if self._watchdog is None:
            with self._lock:
                if self._watchdog is None:
                    self._watchdog = threading.Thread(
                        target=self._watch, name="send-deadlines", daemon=True
                    )
                    self._watchdog.start()

    def _watch(self) -> None:
        while not self._closed.wait(WATCH_EVERY):
            now = time.monotonic()
            with self._lock:
                for watch, at in self._flying.items():
                    if at <= now and not watch.expired:
                        watch.expire()


_HOOKED = threading.Lock()
_hook_installed = False


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "socket.connect":
        return
    watch = _WATCH.get()
    if watch is not None and isinstance(args[0], socket.socket):
        watch.sockets.add(args[0])


def _install_hook() -> None:
    """Audit hooks cannot be removed: one is added, the first time a send is watched."""
    global _hook_installed
    if _hook_installed:
        return
    with _HOOKED:
        if not _hook_installed:
            sys.addaudithook(_on_audit)
            _hook_installed = True
