"""Ingestion: feeds (and later spiders) turn trade-press stories into `Article` values in the store.

This is the package's public face; other code imports only these names.
Nothing here imports `alerts`.
"""

from .article import Article, article_id, canonical_url
from .errors import FetchError, ParseError, ScraperError
from .feeds import FeedResult, Validators, fetch_feed, make_client, parse_feed
from .store import (
    SourceState,
    Store,
    StoredArticle,
    StoreError,
    UTCDateTime,
    backoff,
    insert_for,
    metadata,
    safe_url,
)

__all__ = [
    "Article",
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
    "fetch_feed",
    "insert_for",
    "make_client",
    "metadata",
    "parse_feed",
    "safe_url",
]
