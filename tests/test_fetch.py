"""Fetching under a total deadline, Retry-After, redirects named in errors, contradicted charsets.

Real loopback servers: pytest-httpserver, and `drip.Drip` for answers that arrive a byte at a time.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from drip import FEED, Drip
from pytest_httpserver import HTTPServer
from receivers import closed_port

from scraper.errors import FetchError
from scraper.feeds import Validators, fetch_article, fetch_feed, make_client
from scraper.fetch import RetryLater, retry_after

UTF8_FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>Café Society renewed</title><link>https://press.example/a</link></item>"
    "</channel></rss>"
)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client("renewal-radar-tests/1.0", timeout=20.0) as c:  # the read timeout is long
        yield c


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_dripping_answer_ends_at_the_deadline_naming_url_and_deadline(
    client: httpx.Client, headers_too: bool
) -> None:
    # A byte every 0.2 s never trips the 20 s read timeout; the whole answer takes ~30 s.
    with Drip(headers_too=headers_too) as drip:
        result = fetch_feed(client, "slow", drip.url, Validators(), deadline=2)
    assert result.status == "error"
    assert result.error == f"{drip.url}: no complete answer within the 2s deadline (fetch_timeout)"
    assert 1.9 <= result.elapsed < 15  # ended at its deadline, not at the end of the drip


def test_a_dripping_answer_within_the_deadline_is_read(client: httpx.Client) -> None:
    with Drip(every=0.001) as drip:
        result = fetch_feed(client, "slow", drip.url, Validators(), deadline=60)
    assert result.status == "ok" and [a.title for a in result.articles] == ["A story"]


def test_the_deadline_holds_for_a_reused_connection(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    httpserver.expect_request("/feed").respond_with_data(FEED, content_type="application/rss+xml")
    assert fetch_feed(client, "s", httpserver.url_for("/feed"), Validators()).status == "ok"
    with Drip() as drip:  # a second fetch on the same pooled client
        result = fetch_feed(client, "slow", drip.url, Validators(), deadline=1)
    assert result.error is not None and "1s deadline" in result.error


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_in_seconds_is_returned_and_named(
    httpserver: HTTPServer, client: httpx.Client, status: int
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "slow down", status=status, headers={"Retry-After": "3600"}
    )
    result = fetch_feed(client, "s", httpserver.url_for("/feed"), Validators())
    assert result.status == "error" and result.retry_after == timedelta(hours=1)
    assert result.error == f"{httpserver.url_for('/feed')}: HTTP {status}, Retry-After 1h"


def test_retry_after_as_a_date_counts_from_the_servers_clock(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    later = datetime.now(UTC) + timedelta(minutes=90)  # the server's Date is its own now
    httpserver.expect_request("/feed").respond_with_data(
        "", status=429, headers={"Retry-After": format_datetime(later, usegmt=True)}
    )
    result = fetch_feed(client, "s", httpserver.url_for("/feed"), Validators())
    assert result.retry_after is not None
    assert timedelta(minutes=89) < result.retry_after <= timedelta(minutes=90)


def test_retry_after_is_capped_at_a_day_and_junk_is_ignored() -> None:
    assert retry_after("9999999") == timedelta(hours=24)
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2015 07:00:00 GMT") == (
        timedelta(minutes=28)
    )
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", "Thu, 22 Oct 2015 07:00:00 GMT") == (
        timedelta(0)
    )
    assert retry_after("soon") is None and retry_after(None) is None
    error = RetryLater("https://x.example/f", "HTTP 429", timedelta(seconds=5))
    assert pickle.loads(pickle.dumps(error)).retry_after == timedelta(seconds=5)


def test_a_500_with_retry_after_is_a_plain_error(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    httpserver.expect_request("/feed").respond_with_data("", 500, headers={"Retry-After": "60"})
    result = fetch_feed(client, "s", httpserver.url_for("/feed"), Validators())
    assert result.status == "error" and result.retry_after is None


def redirect(httpserver: HTTPServer, to: str) -> tuple[str, str]:
    httpserver.expect_request("/old").respond_with_data("", 301, headers={"Location": to})
    return httpserver.url_for("/old"), to if "://" in to else httpserver.url_for(to)


def test_a_connection_failure_after_a_redirect_names_both_urls(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    old, new = redirect(httpserver, f"http://127.0.0.1:{closed_port()}/moved")
    result = fetch_feed(client, "s", old, Validators())
    assert result.error is not None
    assert result.error.startswith(f"{old}: connection failed")
    assert result.error.endswith(f" (at {new})")


def test_not_a_feed_after_a_redirect_names_both_urls(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    old, new = redirect(httpserver, "/page")
    httpserver.expect_request("/page").respond_with_data(
        "<html>hi</html>", content_type="text/html"
    )
    result = fetch_feed(client, "s", old, Validators())
    assert result.error is not None
    assert result.error.startswith(f"{old}: not a feed") and result.error.endswith(f"(at {new})")


def test_too_large_after_a_redirect_names_both_urls(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    old, new = redirect(httpserver, "/big")
    httpserver.expect_request("/big").respond_with_data(FEED, content_type="application/rss+xml")
    result = fetch_feed(client, "s", old, Validators(), max_bytes=50)
    assert result.error == f"{old}: response larger than the 50 bytes limit (at {new})"


@pytest.mark.parametrize("charset", ["utf-16", "UTF-32", "utf_16le"])
def test_a_wide_charset_header_on_a_utf8_feed_is_overridden_by_sniffing(
    httpserver: HTTPServer, client: httpx.Client, charset: str
) -> None:
    for body in (UTF8_FEED, UTF8_FEED + " "):  # odd and even lengths: UTF-16 could "decode" both
        httpserver.clear()
        httpserver.expect_request("/feed").respond_with_data(
            body.encode(), content_type=f"application/rss+xml; charset={charset}"
        )
        result = fetch_feed(client, "s", httpserver.url_for("/feed"), Validators())
        assert result.status == "ok", result.error
        assert [a.title for a in result.articles] == ["Café Society renewed"]
        assert result.warning is not None and "contradicts the bytes" in result.warning


def test_a_utf16_feed_declared_as_utf8_is_read(
    httpserver: HTTPServer, client: httpx.Client
) -> None:
    body = UTF8_FEED.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    httpserver.expect_request("/feed").respond_with_data(
        body, content_type="application/rss+xml; charset=utf-8"
    )
    result = fetch_feed(client, "s", httpserver.url_for("/feed"), Validators())
    assert [a.title for a in result.articles] == ["Café Society renewed"]


def test_a_matching_charset_gives_no_warning(httpserver: HTTPServer, client: httpx.Client) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        UTF8_FEED.encode("utf-16"), content_type="application/rss+xml; charset=utf-16"
    )
    result = fetch_feed(client, "s", httpserver.url_for("/feed"), Validators())
    assert result.status == "ok" and result.warning is None


def test_fetching_a_page_keeps_the_deadline(client: httpx.Client) -> None:
    with Drip(headers_too=True) as drip, pytest.raises(FetchError) as caught:
        fetch_article(client, drip.url, deadline=1)
    assert (
        str(caught.value)
        == f"{drip.url}: no complete answer within the 1s deadline (fetch_timeout)"
    )


class _KeepAlive(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive: a feed with an ETag, 304 to a client that has it."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.end_headers()
            return
        body = UTF8_FEED.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Counting(ThreadingHTTPServer):
    daemon_threads = True
    connections = 0

    def process_request(self, request: Any, client_address: Any) -> None:
        self.connections += 1  # one thread accepts: no lock needed
        super().process_request(request, client_address)


def test_304_polls_reuse_one_pooled_connection(client: httpx.Client) -> None:
    server = _Counting(("127.0.0.1", 0), _KeepAlive)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed"
    try:
        first = fetch_feed(client, "s", url, Validators())
        polls = [fetch_feed(client, "s", url, first.validators) for _ in range(5)]
    finally:
        server.shutdown()
        server.server_close()
    assert first.status == "ok"
    assert [p.status for p in polls] == ["not_modified"] * 5
    assert [p.validators.etag for p in polls] == ['"v1"'] * 5
    assert server.connections == 1  # an unread 304 body used to cost a new connection each


# The system resolver has no timeout: a lookup that never answers must not outlive the fetch.
# `scraper.fetch._resolve` is our seam around it; the servers behind the names are real.


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Names under .test resolve to loopback after `delay` seconds, or fail with `error`."""
    import socket

    from scraper import fetch

    how: dict[str, Any] = {"delay": 0.0, "error": None, "asked": []}
    real = fetch._resolve

    def resolve(host: str, port: int) -> list[Any]:
        if not host.endswith(".test"):
            return real(host, port)
        how["asked"].append(host)
        stop = threading.Event()
        stop.wait(how["delay"])
        if how["error"]:
            raise socket.gaierror(how["error"])
        return real("127.0.0.1", port)

    monkeypatch.setattr(fetch, "_resolve", resolve)
    return how


def test_a_name_is_looked_up_and_its_server_answers(
    httpserver: HTTPServer, client: httpx.Client, resolver: dict[str, Any]
) -> None:
    httpserver.expect_request("/feed").respond_with_data(FEED, content_type="application/rss+xml")
    url = f"http://feeds.press.test:{httpserver.port}/feed"
    result = fetch_feed(client, "s", url, Validators())
    assert result.status == "ok" and resolver["asked"] == ["feeds.press.test"]
    assert httpserver.log[0][0].headers["Host"] == f"feeds.press.test:{httpserver.port}"


def test_a_lookup_that_never_answers_ends_at_the_deadline(
    httpserver: HTTPServer, client: httpx.Client, resolver: dict[str, Any]
) -> None:
    resolver["delay"] = 30.0
    url = f"http://stuck.press.test:{httpserver.port}/feed"
    result = fetch_feed(client, "s", url, Validators(), deadline=1)
    assert result.status == "error"
    assert result.error == f"{url}: no complete answer within the 1s deadline (fetch_timeout)"
    assert result.elapsed < 5


def test_a_failed_lookup_names_the_host(
    httpserver: HTTPServer, client: httpx.Client, resolver: dict[str, Any]
) -> None:
    resolver["error"] = "Name or service not known"
    url = f"http://gone.press.test:{httpserver.port}/feed"
    result = fetch_feed(client, "s", url, Validators())
    assert result.error == (
        f"{url}: connection failed: DNS lookup of gone.press.test failed: Name or service not known"
    )


def test_the_deadline_holds_through_a_proxy_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # HTTP_PROXY points at the dripping server itself: it answers the proxied GET a byte at a time
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with Drip() as drip:
        monkeypatch.setenv("HTTP_PROXY", drip.url.removesuffix("/feed"))
        with make_client("renewal-radar-tests/1.0", timeout=20.0) as proxied:
            url = "http://feeds.press.example/feed"
            result = fetch_feed(proxied, "slow", url, Validators(), deadline=1)
        assert drip.connections == 1  # it went through the proxy
    assert result.error == f"{url}: no complete answer within the 1s deadline (fetch_timeout)"
    assert result.elapsed < 5


def test_no_proxy_names_hosts_fetched_directly(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/feed").respond_with_data(FEED, content_type="application/rss+xml")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")  # nobody there
    monkeypatch.setenv("NO_PROXY", f"{httpserver.host},127.0.0.1")
    with make_client("renewal-radar-tests/1.0") as client:
        assert fetch_feed(client, "s", httpserver.url_for("/feed"), Validators()).status == "ok"
    monkeypatch.delenv("NO_PROXY")
    with make_client("renewal-radar-tests/1.0") as client:
        result = fetch_feed(client, "s", httpserver.url_for("/feed"), Validators())
    assert result.error is not None and "connection failed" in result.error
