"""Scrapy settings for one crawl: polite defaults plus the values a `CrawlSpec` carries.

Read by `scraper.spiders.crawl`; our own keys start with RADAR_.
"""

from __future__ import annotations

from typing import Any

from .spec import CrawlSpec

MAX_BYTES = 10 * 1024 * 1024
"""Largest page accepted (as for feeds): larger ones are dropped, not truncated."""


def crawl_settings(spec: CrawlSpec, database_url: str) -> dict[str, Any]:
    """Settings for crawling `spec` into the store at `database_url`."""
    return (
        _POLITE
        | _QUIET
        | {
            "USER_AGENT": spec.user_agent,
            "DOWNLOAD_DELAY": spec.delay,
            "AUTOTHROTTLE_START_DELAY": spec.delay,
            "CLOSESPIDER_PAGECOUNT": spec.max_pages,
            "RADAR_MAX_PAGES": spec.max_pages,
            "RADAR_DATABASE_URL": database_url,
            "ITEM_PIPELINES": {"scraper.spiders.pipeline.StorePipeline": 300},
            # After RobotsTxtMiddleware (100): only requests that really go out count.
            "DOWNLOADER_MIDDLEWARES": {
                "scraper.spiders.pipeline.PageFailures": 50,  # sees exceptions last
                "scraper.spiders.pipeline.PageBudget": 950,
                "scraper.spiders.polite.CrawlDelay": 960,
            },
        }
    )


# Publishers' rules first: robots.txt, two requests at a time per site, an adaptive delay.
_POLITE: dict[str, Any] = {
    "BOT_NAME": "renewal-radar",
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "CONCURRENT_REQUESTS": 8,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "COOKIES_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 30,
    "DNS_TIMEOUT": 20,
    "DOWNLOAD_MAXSIZE": MAX_BYTES,
    "DOWNLOAD_WARNSIZE": MAX_BYTES // 2,
    "RETRY_TIMES": 1,
    "CLOSESPIDER_ERRORCOUNT": 20,
    "HTTPCACHE_ENABLED": False,
}

# The parent only reads one summary line: Scrapy's own chatter stays below WARNING.
_QUIET: dict[str, Any] = {
    "LOG_LEVEL": "WARNING",
    "LOG_FORMAT": "%(levelname)s %(name)s: %(message)s",
    "LOG_STDOUT": False,
    "TELNETCONSOLE_ENABLED": False,
    "STATS_DUMP": False,
    "SPIDER_MODULES": [],
}
