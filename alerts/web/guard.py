"""Keeps fans' Apprise URLs off the operator's own network: schemes, hosts and connections.

A URL submitted on the web is checked when it is submitted and again before each
send (DNS can change): its scheme must be on `web.allowed_schemes`, and its host
must not be, nor resolve to, a loopback, private, link-local, multicast, reserved
or cloud-metadata address. While a fan's message is sent, an audit hook also checks
every socket the send opens, so a service that reaches another host (an SMTP
server named in a parameter) or a name that now resolves elsewhere is refused at
connect time.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import unquote, urlsplit

from ..deliver import check_target

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], list[str]]
"""A host name to its addresses ([] when it does not resolve)."""

METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "168.63.129.16")
)
"""Cloud instance-metadata services (AWS, GCP, Azure, Alibaba), public-looking ones included."""

RESOLVE_WITHIN = 3.0
_resolving = ThreadPoolExecutor(max_workers=4, thread_name_prefix="resolve")


def system_resolve(host: str) -> list[str]:
    """The addresses `host` resolves to within `RESOLVE_WITHIN` seconds, or []."""
    future = _resolving.submit(socket.getaddrinfo, host, None, type=socket.SOCK_STREAM)
    try:
        return sorted({str(info[4][0]) for info in future.result(RESOLVE_WITHIN)})
    except (OSError, UnicodeError, FutureTimeout):
        return []


class Refused(ConnectionRefusedError):
    """A connection the guard would not open."""


_POLICY: ContextVar[Guard | None] = ContextVar("renewal_radar_guard", default=None)
_HOOKED = threading.Lock()
_hook_installed = False


class Guard:
    """The rules for one web face: which schemes, and whether loopback is allowed (tests)."""

    def __init__(
        self,
        schemes: Iterable[str],
        allow_loopback: bool = False,
        resolve: Resolver = system_resolve,
    ) -> None:
        self.schemes = tuple(schemes)
        self.allow_loopback = allow_loopback
        self.resolve = resolve

    def check(self, url: str) -> str | None:
        """None if a fan may use `url`, else one sentence why not (without its secrets)."""
        url = url.strip()
        scheme = url.partition("://")[0].lower() if "://" in url else ""
        if not scheme:
            return "not an Apprise URL: it must start with a service, such as discord://"
        if scheme not in self.schemes:
            return f"{scheme}:// is not accepted here; use one of: " + ", ".join(
                f"{s}://" for s in self.schemes
            )
        reason = check_target(url)
        if reason:
            return reason
        host = host_of(url)
        return self.check_host(host) if host else None

    def check_host(self, host: str) -> str | None:
        """None if `host` is and resolves only to public addresses (or does not resolve).

        The reason never names the host: in many Apprise URLs it is a webhook id.
        """
        literal = _ip(host)
        if literal is not None:
            reason = self.refuses(literal)
            return f"its host is {reason}" if reason else None
        if host == "localhost" or host.endswith(".localhost"):
            return None if self.allow_loopback else "its host is a loopback address"
        for address in self.resolve(host):
            ip = _ip(address)
            reason = self.refuses(ip) if ip is not None else "not an address"
            if reason:
                return f"its host resolves to {reason} ({address})"
        return None

    def refuses(self, ip: IP) -> str | None:
        """What kind of address `ip` is if a fan's message may not go there, else None."""
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip in METADATA:
            return "a cloud metadata address"
        if ip.is_loopback:
            return None if self.allow_loopback else "a loopback address"
        kinds = (("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                 ("private", ip.is_private), ("reserved", not ip.is_global))  # fmt: skip
        return next((f"a {kind} address" for kind, hit in kinds if hit), None)

    @contextmanager
    def connections(self) -> Iterator[None]:
        """Within this block (and threads started with its context), sockets are checked."""
        _install_hook()
        token = _POLICY.set(self)
        try:
            yield
        finally:
            _POLICY.reset(token)


def host_of(url: str) -> str | None:
    """The host part of an Apprise URL, decoded and lower-cased, or None."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return unquote(host).strip("[]").lower() if host else None


def _ip(text: str) -> IP | None:
    try:
        return ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "socket.connect":
        return
    guard = _POLICY.get()
    if guard is None:
        return
    address = args[1]
    host = address[0] if isinstance(address, tuple) else None
    ip = _ip(host) if isinstance(host, str) else None
    reason = guard.refuses(ip) if ip is not None else "not an internet address"
    if reason:
        raise Refused(f"refused to connect: {host or 'a local socket'} is {reason}")


def _install_hook() -> None:
    """Audit hooks cannot be removed: one is added, the first time a guard is used."""
    global _hook_installed
    with _HOOKED:
        if not _hook_installed:
            sys.addaudithook(_on_audit)
            _hook_installed = True
