"""Ingestion: feeds (and later spiders) turn trade-press stories into `Article` values in the store.

This is the package's public face; other code imports only these names.
Nothing here imports `alerts`.

Each name loads its module on first use (PEP 562): `check-config` needs only
`check_selector`, not httpx, feedparser or SQLAlchemy. `_HOMES` says where each name
lives; the imports under TYPE_CHECKING say the same to the type checker
(tests/test_faces.py holds them equal).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

# httpx imports its command-line client (rich, click, pygments: about 6 MiB and 0.05 s)
# whenever those happen to be installed (here by a test tool); the service never runs it.
# Marked absent, it leaves httpx to define the stub `httpx.main` it has for that case.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not importable"

if TYPE_CHECKING:
    from .article import Article, article_id, canonical_url
    from .clock import on_wallclock, utcnow, wallclock
    from .errors import FetchError, ParseError, ScraperError
    from .feeds import FeedResult, Validators, fetch_article, fetch_feed, make_client, parse_feed
    from .spiders import CrawlResult, CrawlSpec, check_selector, run_crawl, stop_crawls
    from .store import (
        DatabaseError,
        SourceState,
        Store,
        StoredArticle,
        StoreError,
        UTCDateTime,
        backoff,
        describe_db_error,
        insert_for,
        metadata,
        safe_url,
        source_ticks,
    )

_HOMES: dict[str, str] = {
    name: module
    for module, names in {
        ".article": ("Article", "article_id", "canonical_url"),
        ".clock": ("on_wallclock", "utcnow", "wallclock"),
        ".errors": ("FetchError", "ParseError", "ScraperError"),
        ".feeds": ("FeedResult", "Validators", "fetch_article", "fetch_feed", "make_client",
                   "parse_feed"),
        ".spiders": ("CrawlResult", "CrawlSpec", "check_selector", "run_crawl", "stop_crawls"),
        ".store": ("DatabaseError", "SourceState", "Store", "StoredArticle", "StoreError",
                   "UTCDateTime", "backoff", "describe_db_error", "insert_for", "metadata",
                   "safe_url", "source_ticks"),
    }.items()
    for name in names
}  # fmt: skip
"""Public name -> the module it lives in."""


if not TYPE_CHECKING:  # hidden from mypy, which would then accept any name from here

    def __getattr__(name: str) -> Any:
        """Import the module a public name lives in, on first use, and keep the name here."""
        if name not in _HOMES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(_HOMES[name], __name__), name)
        globals()[name] = value
        return value


__all__ = [
    "Article",
    "CrawlResult",
    "CrawlSpec",
    "DatabaseError",
    "FeedResult",
    "FetchError",
    "ParseError",
    "ScraperError",
    "SourceState",
    "Store",
    "StoreError",
    "StoredArticle",
    "UTCDateTime",
    "Validators",
    "article_id",
    "backoff",
    "canonical_url",
    "check_selector",
    "describe_db_error",
    "fetch_article",
    "fetch_feed",
    "insert_for",
    "make_client",
    "metadata",
    "on_wallclock",
    "parse_feed",
    "run_crawl",
    "safe_url",
    "source_ticks",
    "stop_crawls",
    "utcnow",
    "wallclock",
]
