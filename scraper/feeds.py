"""Feed jobs' parsing and their outcome: the only home of feedparser.

`fetch_feed` fetches a feed (`scraper.fetch`: one polite conditional GET under a
deadline) and turns every outcome into a `FeedResult` value; `parse_feed` turns
feed bytes into `Article`s. Plain RSS 2.0 is read by `scraper.rss` (libxml2, the same
entry values), everything else, and every feed when the config says `feed_parser:
feedparser`, by feedparser, imported only then. Nothing here stores, schedules or detects.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin, urlsplit

from scraper.article import Article
from scraper.errors import ParseError, ScraperError
from scraper.fetch import (
    DEFAULT_DEADLINE,
    DEFAULT_USER_AGENT,
    MAX_BYTES,
    RetryLater,
    Validators,
    at,
    fetch,
    make_client,
)
from scraper.rss import entries as rss_entries
from scraper.text import html_to_text, normalize_whitespace, one_line

if TYPE_CHECKING:
    import httpx

__all__ = [  # the fetching names are re-exported: feeds are where callers look for them
    "DEFAULT_USER_AGENT",
    "FeedParser",
    "FeedResult",
    "Validators",
    "fetch_article",
    "fetch_feed",
    "make_client",
    "parse_feed",
]

FeedParser = Literal["fast", "feedparser"]
"""`fast`: plain RSS 2.0 by `scraper.rss`, the rest by feedparser; `feedparser`: all by it."""

_CHARSET = re.compile(r"""\s*;\s*charset\s*=\s*["']?([^\s;"']*)["']?""", re.I)
_WIDE = ("utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs2", "ucs-4", "ucs4")


@dataclass(frozen=True, slots=True)
class FeedResult:
    """The outcome of one feed fetch; a value, never an exception, at the batch edge.

    On "not_modified" and "error", `validators` are the ones passed in (or newer
    ones a 304 sent), so storing them never loses what the server told us.
    `retry_after` is the wait a 429 or 503 asked for (Retry-After), if any.
    """

    source: str
    url: str
    status: Literal["ok", "not_modified", "error"]
    articles: tuple[Article, ...] = ()
    validators: Validators = field(default_factory=Validators)
    error: str | None = None
    warning: str | None = None
    elapsed: float = 0.0
    retry_after: timedelta | None = None


def fetch_feed(
    client: httpx.Client,
    source: str,
    url: str,
    validators: Validators,
    *,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEFAULT_DEADLINE,
    parser: FeedParser = "fast",
) -> FeedResult:
    """Fetch and parse the feed at `url` within `deadline` s; every failure becomes "error"."""
    start = time.monotonic()
    try:
        result = _fetch_and_parse(client, source, url, validators, max_bytes, deadline, parser)
    except ScraperError as e:
        wait = e.retry_after if isinstance(e, RetryLater) else None
        result = FeedResult(source, url, "error", validators=validators, error=one_line(str(e)),
                            retry_after=wait)  # fmt: skip
    return replace(result, elapsed=time.monotonic() - start)


def _fetch_and_parse(
    client: httpx.Client,
    source: str,
    url: str,
    validators: Validators,
    max_bytes: int,
    deadline: float,
    parser: FeedParser,
) -> FeedResult:
    body = fetch(client, url, validators, max_bytes=max_bytes, deadline=deadline)
    if body.final_url is None:
        return FeedResult(source, url, "not_modified", validators=body.validators)
    try:
        articles, warning = parse_feed(body.content, body.headers, body.final_url, source, parser)
    except ParseError as e:  # named by the configured URL, and where a redirect led
        raise ParseError(url, e.message + at(url, body.final_url)) from e
    return FeedResult(source, url, "ok", tuple(articles), body.validators, warning=warning)


def parse_feed(
    content: bytes,
    headers: Mapping[str, str],
    url: str,
    source: str,
    parser: FeedParser = "fast",
) -> tuple[list[Article], str | None]:
    """The feed's articles and an optional warning. `url` is the base for relative links.

    Raises `ParseError` when `content` is not a feed.
    """
    response_headers, charset_note = _sniffed({k.lower(): v for k, v in headers.items()}, content)
    entries = None
    if parser == "fast":
        entries = rss_entries(content, response_headers, url, _looks_like_html)
    bozo = None
    if entries is None:
        parsed = _feedparse(content, response_headers, url)
        bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if not parsed.entries:
            _check_empty_feed(url, parsed, bozo)
        entries = parsed.entries
    articles, skipped = _articles(entries, url, source)
    return articles, _warning(url, bozo, skipped, charset_note)


def _looks_like_html(text: str) -> bool:
    """feedparser's guess whether an RSS title is HTML (for the few with `<` or `&`)."""
    from feedparser.mixin import _FeedParserMixin

    return bool(_FeedParserMixin.looks_like_html(text))


def _sniffed(headers: dict[str, str], content: bytes) -> tuple[dict[str, str], str | None]:
    """The headers without a declared charset that the bytes contradict, and a note saying so.

    A UTF-16 or UTF-32 document starts with a byte-order mark or has zero bytes among its
    first characters; an ASCII-compatible one has neither. When the charset says one and
    the bytes the other, feedparser is left to sniff (BOM, XML declaration, UTF-8).
    """
    content_type = headers.get("content-type", "")
    declared = _CHARSET.search(content_type)
    if declared is None:
        return headers, None
    name = declared[1].lower()
    wide_bytes = content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4]
    if name.replace("_", "-").startswith(_WIDE) == wide_bytes:
        return headers, None
    bare = content_type[: declared.start()] + content_type[declared.end() :]
    return headers | {
        "content-type": bare
    }, f"declared charset {name!r} contradicts the bytes; sniffed instead"


def _feedparse(content: bytes, headers: dict[str, str], url: str) -> Any:
    """feedparser over bytes: a bare str or bytes may be opened as a local path."""
    import feedparser  # 50 ms of imports: only for the feeds the fast path leaves

    response_headers = dict(headers)
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
    from feedparser import ThingsNobodyCaresAboutButMe

    # Bozo kinds that say nothing about the feed's content (encoding guesses, an
    # XML feed served as text/html...): an empty feed with only these is simply empty.
    if bozo is not None and not isinstance(bozo, ThingsNobodyCaresAboutButMe):
        raise ParseError(url, f"not a feed (no entries): {_bozo_reason(bozo)}")


def _bozo_reason(bozo: Exception) -> str:
    return f"{type(bozo).__name__}: {one_line(str(bozo))}"


def _warning(url: str, bozo: Exception | None, skipped: int, note: str | None) -> str | None:
    notes = [note] if note else []
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
        # dict's own get: feedparser's would answer a missing `updated_parsed` with the
        # (here unusable) `published_parsed`, and a DeprecationWarning
        parsed = dict.get(entry, key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (ValueError, OverflowError, OSError, TypeError):
                continue
    return None


def fetch_article(
    client: httpx.Client, url: str, source: str = "web", deadline: float = DEFAULT_DEADLINE
) -> Article:
    """The story on the page at `url` (for `explain --fetch`); raises FetchError or ParseError."""
    from scraper.pages import article_from_page

    body = fetch(client, url, deadline=deadline)
    article = article_from_page(body.content, body.final_url or url, source)
    if article is None:
        raise ParseError(url, "no article text found on the page" + at(url, body.final_url))
    return article
