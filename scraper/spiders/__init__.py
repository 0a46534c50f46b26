"""Spider jobs: Scrapy crawls of news sitemaps and listing pages, one subprocess per crawl.

This is the subpackage's public face. Importing it does not import Scrapy:
`run_crawl` starts `python -m scraper.spiders`, which does. The crawl writes
`Article`s to the store; only a one-line summary comes back on stdout.
"""

from .run import run_crawl, stop_crawls
from .spec import DEFAULT_USER_AGENT, CrawlResult, CrawlSpec, check_selector

__all__ = [
    "DEFAULT_USER_AGENT",
    "CrawlResult",
    "CrawlSpec",
    "check_selector",
    "run_crawl",
    "stop_crawls",
]
