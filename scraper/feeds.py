"""Feed jobs' fetching and parsing: the only home of httpx and feedparser.

`fetch_feed` does one polite conditional GET and turns every outcome into a
`FeedResult` value; `parse_feed` turns feed bytes into `Article`s. Nothing here
stores, schedules or detects.
"""

from __future__ import annotations

import calendar
import io
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from scraper.article import Article
from scraper.errors import FetchError, ParseError, ScraperError
from scraper.text import html_to_text, normalize_whitespace, one_line

MAX_BYTES = 10 * 1024 * 1024
"""Largest (decoded) feed body accepted; larger ones are an error, not a truncation."""

DEFAULT_USER_AGENT = "renewal-radar/0.1 (TV renewal and cancellation alerts; feed reader)"

# Bozo kinds that say nothing about the feed's content (encoding guesses, an
# XML feed served as text/html...): an empty feed with only these is simply empty.
_HARMLESS_BOZO = (feedparser.ThingsNobodyCaresAboutButMe,)


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful fetch told us, for the next conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FeedResult:
    """The outcome of one feed fetch; a value, never an exception, at the batch edge.

    On "not_modified" and "error", `validators` are the ones passed in (or newer
    ones a 304 sent), so storing them never loses what the server told us.
    """

    source: str
    url: str
    status: Literal["ok", "not_modified", "error"]
    articles: tuple[Article, ...] = ()
    validators: Validators = Validators()
    error: str | None = None
    warning: str | None = None
    elapsed: float = 0.0


@dataclass(frozen=True, slots=True)
class _Body:
    final_url: str | None  # None: 304 Not Modified
    content: bytes
    headers: dict[str, str]
    validators: Validators


def make_client(user_agent: str = DEFAULT_USER_AGENT, timeout: float = 20.0) -> httpx.Client:
    """A pooled client: explicit timeouts, redirects followed, our User-Agent; gzip by httpx."""
    return httpx.Client(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
    )


def fetch_feed(
    client: httpx.Client,
    source: str,
    url: str,
    validators: Validators,
    *,
    max_bytes: int = MAX_BYTES,
) -> FeedResult:
    """Fetch and parse the feed at `url`; every failure becomes status "error"."""
    start = time.monotonic()
    try:
        result = _fetch_and_parse(client, source, url, validators, max_bytes)
    except ScraperError as e:
        result = FeedResult(source, url, "error", validators=validators, error=one_line(str(e)))
    return replace(result, elapsed=time.monotonic() - start)


def _fetch_and_parse(
    client: httpx.Client, source: str, url: str, validators: Validators, max_bytes: int
) -> FeedResult:
    body = _fetch(client, url, validators, max_bytes)
    if body.final_url is None:
        return FeedResult(source, url, "not_modified", validators=body.validators)
    articles, warning = parse_feed(body.content, body.headers, body.final_url, source)
    return FeedResult(source, url, "ok", tuple(articles), body.validators, warning=warning)


def _fetch(client: httpx.Client, url: str, validators: Validators, max_bytes: int) -> _Body:
    """One conditional GET; a 304 gives a `_Body` without `final_url`."""
    try:
        with client.stream("GET", url, headers=_conditional_headers(validators)) as response:
            if response.status_code == httpx.codes.NOT_MODIFIED:
                return _Body(None, b"", {}, _merge_validators(validators, response.headers))
            _check_status(url, response)
            content = _read_capped(url, response, max_bytes)
            headers = {k.lower(): v for k, v in response.headers.items()}
            return _Body(str(response.url), content, headers, _validators_of(response.headers))
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        raise FetchError(url, _describe(e)) from e


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
    where = "" if str(response.url) == url else f" (at {response.url})"
    raise FetchError(url, f"HTTP {response.status_code}{where}")


def _read_capped(url: str, response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, refusing more than `max_bytes` (also after gzip: no bombs)."""
    too_large = FetchError(url, f"response larger than the {_size(max_bytes)} limit")
    declared = response.headers.get("content-length", "")
    encoded = response.headers.get("content-encoding", "identity") != "identity"
    if declared.isdigit() and not encoded and int(declared) > max_bytes:
        raise too_large
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _describe(e: Exception) -> str:
    """One short line for an httpx failure."""
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
    return f"{kind}: {detail}" if detail else kind


def parse_feed(
    content: bytes, headers: Mapping[str, str], url: str, source: str
) -> tuple[list[Article], str | None]:
    """The feed's articles and an optional warning. `url` is the base for relative links.

    Raises `ParseError` when `content` is not a feed.
    """
    parsed = _feedparse(content, headers, url)
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries:
        _check_empty_feed(url, parsed, bozo)
    articles, skipped = _articles(parsed.entries, url, source)
    return articles, _warning(url, bozo, skipped)


def _feedparse(content: bytes, headers: Mapping[str, str], url: str) -> Any:
    """feedparser over bytes: a bare str or bytes may be opened as a local path."""
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.pop("content-encoding", None)  # httpx has already decoded the body
    response_headers["content-location"] = url  # the base for relative links
    try:
        return feedparser.parse(
            io.BytesIO(content),
            response_headers=response_headers,
            sanitize_html=False,  # we want plain text, not safe HTML; 4x faster
            resolve_relative_uris=False,  # only inside HTML content, which we flatten
        )
    except Exception as e:  # feedparser's parsers raise a zoo of types on odd input
        raise ParseError(url, f"unreadable feed: {one_line(str(e)) or type(e).__name__}") from e


def _check_empty_feed(url: str, parsed: Any, bozo: Exception | None) -> None:
    """An empty feed is fine only if it is recognisably a feed and its bozo is harmless."""
    if not parsed.get("version"):
        reason = f": {_bozo_reason(bozo)}" if bozo else ""
        raise ParseError(url, f"not a feed (no entries){reason}")
    if bozo is not None and not isinstance(bozo, _HARMLESS_BOZO):
        raise ParseError(url, f"not a feed (no entries): {_bozo_reason(bozo)}")


def _bozo_reason(bozo: Exception) -> str:
    return f"{type(bozo).__name__}: {one_line(str(bozo))}"


def _warning(url: str, bozo: Exception | None, skipped: int) -> str | None:
    notes = []
    if bozo is not None:
        notes.append(f"feed has problems, used anyway ({_bozo_reason(bozo)})")
    if skipped:
        notes.append(f"{skipped} entries without a usable http(s) link skipped")
    return f"{url}: {'; '.join(notes)}" if notes else None


def _articles(entries: list[Any], base: str, source: str) -> tuple[list[Article], int]:
    """Articles from feedparser entries, and how many entries had no usable link."""
    articles, skipped = [], 0
    for entry in entries:
        article = _article(entry, base, source)
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    return articles, skipped


def _article(entry: Any, base: str, source: str) -> Article | None:
    link = _http_link(entry.get("link"), base)
    if link is None:
        return None
    title = one_line(_plain(entry.get("title_detail"), entry.get("title", "")))
    try:
        return Article.make(
            link, title, _entry_text(entry), source, _guid(entry), _published(entry)
        )
    except ValueError:  # a link urllib cannot take apart, e.g. "http://[oops"
        return None


def _http_link(link: object, base: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.hostname else None


def _entry_text(entry: Any) -> str:
    """Plain text of content:encoded / Atom content if any, else of the summary."""
    for content in entry.get("content") or ():
        text = _plain(content, content.get("value", ""))
        if text:
            return text
    return _plain(entry.get("summary_detail"), entry.get("summary", ""))


def _plain(detail: Any, value: str) -> str:
    """Plain text of a feedparser text construct: HTML flattened, plain text normalized."""
    value = detail.get("value", value) if detail else value
    if detail and detail.get("type") == "text/plain":
        return normalize_whitespace(value)
    return html_to_text(value or "")


def _guid(entry: Any) -> str | None:
    guid = entry.get("id")
    return guid.strip() or None if isinstance(guid, str) else None


def _published(entry: Any) -> datetime | None:
    """Aware UTC time from feedparser's parsed dates (struct_time in UTC), else None."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (ValueError, OverflowError, OSError, TypeError):
                continue
    return None


def fetch_article(client: httpx.Client, url: str, source: str = "web") -> Article:
    """The story on the page at `url` (for `explain`); raises FetchError or ParseError."""
    from scraper.pages import article_from_page

    body = _fetch(client, url, Validators(), MAX_BYTES)
    article = article_from_page(body.content, body.final_url or url, source)
    if article is None:
        raise ParseError(url, "no article text found on the page")
    return article
