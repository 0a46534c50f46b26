"""Ingestion: feeds (and later spiders) turn trade-press stories into `Article` values in the store.

This is the package's public face; other code imports only these names.
Nothing here imports `alerts`.
"""

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
