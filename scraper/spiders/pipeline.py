"""The crawl's write path, page budget and failed downloads: `StorePipeline` (Articles into the
store, in batches), `PageBudget` (no request beyond `max_pages`) and `PageFailures` (a page
that cannot be downloaded is one log line and an error of the crawl, not a traceback).

Both read their settings in `from_crawler` and keep their counts in the crawl's stats.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from scrapy.exceptions import IgnoreRequest

from scraper import Article, Store
from scraper.clock import utcnow
from scraper.text import one_line

log = logging.getLogger(__name__)

NEW = "radar/new"
SEEN = "radar/seen"
FOUND = "radar/found"  # article links found, stored or not
KNOWN = "radar/known"  # of those, links to stories already stored (not requested again)
ARTICLES = "radar/articles"  # pages fetched that were stories
ERROR = "radar/error"
UNSENT = "radar/unsent"  # requests dropped because `max_pages` was spent
PAGE_ERRORS = "radar/page_errors"  # pages that could not be downloaded (too large, refused...)
FIRST_PAGE_ERROR = "radar/first_page_error"
_IN_REQUEST = re.compile(r"\s*in request <[^>]*>\.?$")  # Scrapy names the request again


class StorePipeline:
    """Stores `Article` items, `RADAR_BATCH_SIZE` a transaction; counts new ones in `radar/new`."""

    def __init__(self, crawler: Any, batch_size: int) -> None:
        self.stats = crawler.stats
        self.store = Store(crawler.settings["RADAR_DATABASE_URL"])
        self.batch_size = batch_size
        self.batch: list[Article] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        # One story a transaction by default: a polite crawl reads a few pages a second
        # at most, and a crawl killed at its timeout keeps every story it has read.
        return cls(crawler, crawler.settings.getint("RADAR_BATCH_SIZE", 1))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            self.batch.append(item)
            if len(self.batch) >= self.batch_size:
                self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()
        self.store.close()

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            now = utcnow()
            new = self.store.add_articles(batch, now)
            self.store.add_links(batch, now)  # a story stored first by a feed is known by it too
        except Exception as e:  # StoreError or the driver's own: the batch is lost, say so once
            message = f"{self.store.url}: cannot store {len(batch)} article(s): {db_words(e)}"
            log.error("%s", message)
            self.stats.set_value(ERROR, message)
            return
        self.stats.inc_value(NEW, len(new))


def db_words(e: BaseException) -> str:
    """A database failure in one line: the driver's words, without SQLAlchemy's SQL and links."""
    return one_line(str(getattr(e, "orig", None) or e))


class PageBudget:
    """Drops every request after the first `RADAR_MAX_PAGES` (robots.txt and sitemaps included).

    CLOSESPIDER_PAGECOUNT stops the crawl, but requests already scheduled
    would still go out; this makes the budget a hard limit.
    """

    def __init__(self, max_pages: int, stats: Any = None) -> None:
        self.max_pages = max_pages
        self.stats = stats
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> PageBudget:
        return cls(crawler.settings.getint("RADAR_MAX_PAGES", 200), crawler.stats)

    def process_request(self, request: Any) -> None:
        if self.sent >= self.max_pages:
            if self.stats is not None:
                self.stats.inc_value(UNSENT)
            raise IgnoreRequest(f"page budget of {self.max_pages} spent")
        self.sent += 1


class PageFailures:
    """A download that failed for good (too large, refused, timed out after Scrapy's retry):
    one log line naming the page, counted in `radar/page_errors`, and the request dropped
    (an errback still hears of it) instead of Scrapy's traceback. Sits before the retry
    middleware (a lower number), so it only sees what was not retried.
    """

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> PageFailures:
        return cls(crawler.stats)

    def process_exception(self, request: Any, exception: BaseException) -> None:
        if isinstance(exception, IgnoreRequest):
            return  # robots.txt, the page budget: not a failure
        words = _IN_REQUEST.sub("", one_line(str(exception))) or type(exception).__name__
        reason = f"{request.url}: {words}"
        log.error("cannot download %s", reason)
        self.stats.inc_value(PAGE_ERRORS)
        if self.stats.get_value(FIRST_PAGE_ERROR) is None:
            self.stats.set_value(FIRST_PAGE_ERROR, reason)
        raise IgnoreRequest(reason) from exception
