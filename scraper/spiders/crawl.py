"""The child side of a spider job: read the job on stdin, run one Scrapy crawl, print its summary.

Run as `python -m scraper.spiders` by `scraper.spiders.run_crawl`; stdout
carries exactly one JSON line (`new`, `seen`, `error`), everything else goes to stderr.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from scrapy.crawler import CrawlerProcess

from scraper import ScraperError, Store

from .base import spider_for
from .pipeline import (
    ARTICLES,
    ERROR,
    FIRST_PAGE_ERROR,
    FOUND,
    KNOWN,
    NEW,
    PAGE_ERRORS,
    SEEN,
    UNSENT,
    db_words,
)
from .settings import crawl_settings
from .spec import CrawlSpec

# Reasons a crawl may stop and still be a success.
_GOOD_ENDINGS = frozenset({"finished", "closespider_pagecount"})


def main() -> int:
    """Run the job read from stdin; the exit code is 0 when a summary was printed."""
    try:
        job = json.loads(sys.stdin.read())
        spec, database_url = CrawlSpec.from_json(job["spec"]), str(job["database"])
        spider_for(spec)
    except (ValueError, KeyError, TypeError) as e:
        _report({"new": 0, "seen": 0, "error": f"bad crawl job: {e}"})
        return 2
    if problem := store_problem(database_url):
        _report({"new": 0, "seen": 0, "error": problem})
        return 1
    _report(summary(crawl(spec, database_url)))
    return 0


def store_problem(database_url: str) -> str | None:
    """Why the store cannot be used (unreachable, not upgraded), or None; checked up front."""
    try:
        store = Store(database_url)
    except ScraperError as e:
        return str(e)
    try:
        store.counts()
    except Exception as e:  # any failure here means no crawl can store anything
        return f"{store.url}: cannot read the store: {db_words(e)}"
    finally:
        store.close()
    return None


def crawl(spec: CrawlSpec, database_url: str) -> dict[str, Any]:
    """Crawl `spec` into the store; return Scrapy's stats for the crawl."""
    spider = spider_for(spec)
    process = CrawlerProcess(settings=crawl_settings(spec, database_url))
    # A page over the size limit is said once, by PageFailures, not also by the handler
    # (set after CrawlerProcess, whose logging setup resets the levels of Scrapy's loggers).
    logging.getLogger("scrapy.core.downloader.handlers.http11").setLevel(logging.ERROR)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, spec=spec)
    process.start()
    try:
        return dict(crawler.stats.get_stats())
    except RuntimeError:  # the crawl never started (its cause is in the log)
        return {}


def summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The crawl's counts and, when it went wrong, one line saying why."""
    error = stats.get(ERROR)
    reason = stats.get("finish_reason")
    if not error and reason not in _GOOD_ENDINGS:
        error = f"crawl stopped: {reason or 'it did not start (see the log)'}"
    if not error and (failures := stats.get("spider_exceptions/count", 0)):
        error = f"{failures} page(s) could not be processed (see the log)"
    if not error and (failures := stats.get(PAGE_ERRORS, 0)):
        error = f"{failures} page(s) could not be downloaded; first: {stats[FIRST_PAGE_ERROR]}"
    counts = {"new": stats.get(NEW, 0), "seen": stats.get(SEEN, 0), "found": stats.get(FOUND, 0)}
    stories = stats.get(KNOWN, 0) + stats.get(ARTICLES, 0)
    return counts | {"stories": stories, "unsent": stats.get(UNSENT, 0), "error": error}


def _report(values: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(values) + "\n")
    sys.stdout.flush()
