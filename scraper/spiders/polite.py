"""Crawl-delay: the wait a site's robots.txt asks for between two requests, kept for that site.

Scrapy obeys robots.txt's Allow and Disallow lines but not its Crawl-delay. `CrawlDelay` reads
it when Scrapy parses a site's robots.txt (the `robots_parsed` signal) and makes it the least
wait between two requests to that site: our own `delay` still holds where it is longer, and
AutoThrottle, which adapts a site's delay after each response, never takes it below.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals

log = logging.getLogger(__name__)


class CrawlDelay:
    """A downloader middleware holding each site's download slot to its robots.txt Crawl-delay."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}  # download slot key (the host) -> seconds
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlDelay:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Any) -> None:
        delay = robotparser.crawl_delay(self.agent)
        if not delay or delay <= 0:
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        self.delays[key] = float(delay)
        # A slot made later for this site (Scrapy drops idle ones) starts from this too.
        own = downloader.per_slot_settings.setdefault(key, {})
        ours = own.get("delay", getattr(downloader, "_delay", 0.0))
        own.update(delay=max(float(delay), ours), jitter=0.0)
        self._hold(key)
        log.info("%s: robots.txt asks for %g s between requests", key, delay)

    def process_response(self, request: Any, response: Any) -> Any:
        # AutoThrottle has just adapted the slot's delay to this response: hold it again.
        self._hold(self.crawler.engine.downloader.get_slot_key(request))
        return response

    def _hold(self, key: str) -> None:
        delay = self.delays.get(key)
        slot = self.crawler.engine.downloader.slots.get(key)
        if delay is not None and slot is not None and slot.delay < delay:
            slot.delay = delay
            slot.jitter = 0.0  # Scrapy varies a delay by ±50%: never below what the site asks
