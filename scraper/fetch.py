"""HTTP for feeds and pages: the only home of httpx (and of httpcore, which it drives).

`fetch` does one polite conditional GET under a total deadline (headers and body
together: httpx's read timeout restarts with every byte, so a server that drips
its answer would never time out) and returns the body or raises `FetchError`.
Nothing here parses, stores or schedules.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx  # without its command-line client: see scraper/__init__.py

from scraper.clock import wallclock
from scraper.errors import FetchError
from scraper.text import one_line

MAX_BYTES = 10 * 1024 * 1024
"""Largest (decoded) body accepted; larger ones are an error, not a truncation."""

DEFAULT_DEADLINE = 60.0
"""Seconds one fetch may take, from the first connect to the last byte (`fetch_timeout`)."""

MAX_RETRY_AFTER = timedelta(hours=24)
"""A server's Retry-After is obeyed up to this long."""

DEFAULT_USER_AGENT = "renewal-radar/0.1 (TV renewal and cancellation alerts; feed reader)"


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful fetch told us, for the next conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """A fetched body; `final_url` is None for 304 Not Modified."""

    final_url: str | None
    content: bytes
    headers: dict[str, str]
    validators: Validators


class RetryLater(FetchError):
    """A 429 or 503 whose Retry-After asks us to wait `retry_after` (at most 24 h)."""

    def __init__(self, url: str, message: str, retry_after: timedelta) -> None:
        super().__init__(url, message)
        self.args = (url, message, retry_after)  # so it pickles with its wait
        self.retry_after = retry_after


def make_client(user_agent: str = DEFAULT_USER_AGENT, timeout: float = 20.0) -> httpx.Client:
    """A pooled client: explicit timeouts, redirects followed, our User-Agent; gzip by httpx.

    Its connections honour the deadline `fetch` sets, on every connect, read and write.
    """
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
    return _Client(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        limits=limits,
    )


def fetch(
    client: httpx.Client,
    url: str,
    validators: Validators = Validators(),
    *,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEFAULT_DEADLINE,
) -> Body:
    """One conditional GET finished within `deadline` seconds; a 304 gives no `final_url`."""
    with _deadline(time.monotonic() + deadline) as ends:
        try:
            return _get(client, url, validators, max_bytes)
        except (httpx.HTTPError, httpx.InvalidURL) as e:
            raise FetchError(url, _describe(e, url, ends, deadline)) from e


def _get(client: httpx.Client, url: str, validators: Validators, max_bytes: int) -> Body:
    with client.stream("GET", url, headers=_conditional_headers(validators)) as response:
        if response.status_code == httpx.codes.NOT_MODIFIED:
            # Read the (empty) body before the response closes: a response closed unread
            # takes its connection down with it, and the next poll would open a new one.
            _read_capped(url, response, max_bytes)
            return Body(None, b"", {}, _merge_validators(validators, response.headers))
        _check_status(url, response)
        content = _read_capped(url, response, max_bytes)
        headers = {k.lower(): v for k, v in response.headers.items()}
        return Body(str(response.url), content, headers, _validators_of(response.headers))


def at(url: str, final: object) -> str:
    """` (at FINAL)` when a redirect led from `url` elsewhere, else nothing."""
    return "" if final is None or str(final) == url else f" (at {final})"


def _conditional_headers(validators: Validators) -> dict[str, str]:
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _validators_of(headers: httpx.Headers) -> Validators:
    return Validators(headers.get("etag"), headers.get("last-modified"))


def _merge_validators(old: Validators, headers: httpx.Headers) -> Validators:
    """A 304 may carry fresher validators; otherwise the old ones stand."""
    return Validators(
        headers.get("etag") or old.etag, headers.get("last-modified") or old.last_modified
    )


def _check_status(url: str, response: httpx.Response) -> None:
    if response.is_success:
        return
    message = f"HTTP {response.status_code}{at(url, response.url)}"
    wait = None
    if response.status_code in (429, 503):
        dates = response.headers.get_list("date")
        wait = retry_after(response.headers.get("retry-after"), dates[0] if dates else None)
    if wait is None:
        raise FetchError(url, message)
    raise RetryLater(url, f"{message}, Retry-After {_duration(wait)}", wait)


def retry_after(value: str | None, date: str | None = None) -> timedelta | None:
    """A Retry-After header (seconds, or an HTTP date) as a wait, at most 24 h; None if unusable.

    A date is read against the response's own Date header when it has one (the
    server's clock), else against ours.
    """
    value = (value or "").strip()
    if value.isdigit():
        return min(timedelta(seconds=int(value)), MAX_RETRY_AFTER)
    when, now = _http_date(value), _http_date(date or "") or wallclock()  # the server's time
    if when is None:
        return None
    return min(max(when - now, timedelta(0)), MAX_RETRY_AFTER)


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _duration(wait: timedelta) -> str:
    seconds = int(wait.total_seconds())
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _read_capped(url: str, response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, refusing more than `max_bytes` (also after gzip: no bombs).

    A gzip or deflate body is inflated here, never more than the cap at once: httpx
    inflates each chunk whole, and 64 KB of a bomb inflate to 64 MB. Other encodings
    (brotli, zstd, chains) are left to httpx and refused once past the cap.
    """
    where = at(url, response.url)
    too_large = FetchError(url, f"response larger than the {_size(max_bytes)} limit{where}")
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if declared.isdigit() and encoding == "identity" and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflate = _Inflater(encoding)
        try:
            for raw in response.iter_raw():
                for piece in inflate.pieces(raw, max_bytes - size + 1):
                    size += len(piece)
                    if size > max_bytes:
                        raise too_large
                    chunks.append(piece)
        except zlib.error as e:
            raise FetchError(url, f"the {encoding} body is corrupt: {e}{where}") from e
        return b"".join(chunks)
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


class _Inflater:
    """gzip (one member after another) or deflate (zlib-wrapped or raw, as servers send
    either) inflated in pieces of bounded size."""

    def __init__(self, encoding: str) -> None:
        self.gzip = encoding != "deflate"
        self.raw_deflate = False
        self.z = self._new()
        self.started = False

    def _new(self) -> Any:
        if self.gzip:
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if self.raw_deflate else zlib.MAX_WBITS)

    def pieces(self, data: bytes, limit: int) -> Iterator[bytes]:
        """The inflated bytes of `data`, each piece at most `limit` long."""
        while data:
            try:
                out = self.z.decompress(data, max(1, limit))
            except zlib.error:
                if self.gzip or self.started or self.raw_deflate:
                    raise
                self.raw_deflate = True  # a "deflate" body without its zlib wrapper
                self.z = self._new()
                continue
            self.started = self.started or bool(out)
            data = self.z.unconsumed_tail
            if self.z.eof:
                rest = self.z.unused_data
                if self.gzip and rest.lstrip(b"\0"):  # another gzip member follows
                    self.z = self._new()
                    data = rest + data
                else:
                    data = b""
            if out:
                yield out


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _describe(e: Exception, url: str, ends: float, deadline: float) -> str:
    """One short line for an httpx failure, naming where a redirect had led."""
    where = at(url, _failed_at(e))
    if isinstance(e, httpx.TimeoutException) and time.monotonic() >= ends - 0.05:
        return f"no complete answer within the {deadline:g}s deadline (fetch_timeout){where}"
    kinds: dict[type[Exception], str] = {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "read timeout",
        httpx.WriteTimeout: "write timeout",
        httpx.PoolTimeout: "timed out waiting for a pooled connection",
        httpx.ConnectError: "connection failed",
        httpx.TooManyRedirects: "too many redirects",
    }
    kind = kinds.get(type(e), type(e).__name__)
    detail = one_line(str(e))
    return (f"{kind}: {detail}" if detail else kind) + where


def _failed_at(e: Exception) -> httpx.URL | None:
    """The URL of the request that failed (after redirects), when httpx knows it."""
    try:
        request: httpx.Request = e.request  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):  # InvalidURL has none; an unset one raises
        return None
    return request.url


# --- the deadline ------------------------------------------------------------------
# httpx has no total timeout (its read timeout restarts with each byte). Every network
# operation of our client's connections takes the shorter of its own timeout and the time
# left before the deadline `fetch` set for its thread, and fails at once past it.

_ENDS: contextvars.ContextVar[float | None] = contextvars.ContextVar("fetch_ends", default=None)


@contextmanager
def _deadline(ends: float) -> Iterator[float]:
    token = _ENDS.set(ends)
    try:
        yield ends
    finally:
        _ENDS.reset(token)


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout` shortened to the time left before the deadline; `expired` raised past it."""
    ends = _ENDS.get()
    if ends is None:
        return timeout
    left = ends - time.monotonic()
    if left <= 0:
        raise expired("the fetch deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self.stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:  # fmt: skip
        limit = _left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.stream.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


def _resolve(host: str, port: int) -> list[Any]:
    """The system resolver (a seam: tests put a slow one here)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _addresses(host: str, port: int, limit: float | None) -> list[str]:
    """The host's addresses, looked up within `limit` seconds. The system resolver has no
    timeout of its own and blocks its thread, so it runs in a thread of its own that is left
    behind, not waited for, when it does not answer in time."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return [host]
    except ValueError:
        pass
    answer: list[Any] = []
    failure: list[OSError] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            answer.extend(_resolve(host, port))
        except OSError as e:
            failure.append(e)
        finally:
            done.set()

    threading.Thread(target=look_up, name=f"resolve {host}", daemon=True).start()
    if not done.wait(limit):
        raise httpcore.ConnectTimeout(f"no DNS answer for {host} in time")
    if failure:
        raise httpcore.ConnectError(f"DNS lookup of {host} failed: {failure[0]}")
    return list(dict.fromkeys(str(info[4][0]) for info in answer))


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self.backend = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None,
                    ) -> httpcore.NetworkStream:  # fmt: skip
        """Each of the host's addresses in turn, the lookup and the connects all within the
        connect timeout and the fetch's deadline."""
        addresses = _addresses(host, port, _left(timeout, httpcore.ConnectTimeout))
        error: Exception = httpcore.ConnectError(f"DNS lookup of {host} found no address")
        for address in addresses:
            limit = _left(timeout, httpcore.ConnectTimeout)
            try:
                stream = self.backend.connect_tcp(
                    address, port, limit, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
                continue
            return _DeadlineStream(stream)
        raise error

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport, direct or through a proxy, over a connection pool whose network
    backend keeps the deadline.

    httpx takes no network backend, so the one of the pool it built is swapped for ours
    (`_pool` and httpcore's `_network_backend` are the private names used; a test fails
    if an upgrade renames them).
    """

    def __init__(self, limits: httpx.Limits, proxy: httpx.Proxy | None = None) -> None:
        super().__init__(limits=limits, proxy=proxy)
        pool = self._pool
        if not isinstance(getattr(pool, "_network_backend", None), httpcore.SyncBackend):
            raise RuntimeError(f"httpcore changed: {type(pool).__name__} has no network backend")
        pool._network_backend = _DeadlineBackend()


class _Client(httpx.Client):
    """A client whose every transport keeps the deadline: the direct one, and those httpx
    makes for the proxies the environment names (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, less
    NO_PROXY), which it reads only when given no transport of its own."""

    def _init_transport(self, *args: Any, **kwargs: Any) -> Any:
        return _DeadlineTransport(kwargs["limits"])

    def _init_proxy_transport(self, proxy: httpx.Proxy, *args: Any, **kwargs: Any) -> Any:
        return _DeadlineTransport(kwargs["limits"], proxy)
