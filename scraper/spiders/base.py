"""The spiders: a shared base (store look-ups, article parsing, start failures) and two thin kinds.

`NewsSitemapSpider` reads a news sitemap (or sitemap index, or robots.txt);
`ListingSpider` follows article links from listing pages and their `next` pages.
Both yield `Article` values; the pipeline stores them.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector
from scrapy import Request, Spider
from scrapy.http import TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import SitemapSpider

from scraper import Article, Store, canonical_url
from scraper.clock import utcnow
from scraper.pages import article_from_page, parse_datetime

from .pipeline import ARTICLES, ERROR, FOUND, KNOWN, SEEN
from .spec import CrawlSpec

_FOLLOWED_WINDOW = 5000
"""How many of a source's latest stories are also known by the link followed to them."""


class RadarSpider(Spider):
    """What every crawl shares: the spec, a store to skip known stories, article parsing."""

    name = "renewal-radar"
    spec: CrawlSpec
    store: Store
    followed: set[str]  # links that led to stored stories under another URL

    def __init__(self, spec: CrawlSpec, **kwargs: Any) -> None:
        super().__init__(name=spec.name, **kwargs)
        self.spec = spec
        self.followed = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = Store(crawler.settings["RADAR_DATABASE_URL"])
        spider.followed = spider.store.recent_guids(spider.spec.name, _FOLLOWED_WINDOW)
        return spider

    def closed(self, reason: str) -> None:
        self.store.close()

    def count(self, key: str) -> None:
        """Add one to a crawl statistic (a spider built without a crawler, in tests, has none)."""
        crawler = getattr(self, "crawler", None)
        if crawler is not None:
            crawler.stats.inc_value(key)

    def is_stored(self, url: str) -> bool:
        """Whether the story at `url` is in the store already (then it is not requested).

        A story is known by its canonical URL and, when the link followed to it
        redirected or the page named another URL, by that link (its `guid`).
        """
        url = canonical_url(url)
        known = url in self.followed or self.store.find_article(url) is not None
        if known:
            self.count(KNOWN)
        return known

    def parse_article(self, response: Any) -> Iterator[Article]:
        if not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value(SEEN)
        article = article_from_page(response.text, response.url, self.spec.name)
        if article is None:
            return
        self.count(ARTICLES)
        followed = canonical_url((response.meta.get("redirect_urls") or [response.url])[0])
        yield article if followed == article.url else replace(article, guid=followed)

    def start_failed(self, failure: Any) -> None:
        """A start URL (sitemap, listing page) failed: the crawl's result is an error."""
        url = getattr(failure.request, "url", "?")
        self.crawler.stats.set_value(ERROR, f"{url}: {failure.getErrorMessage()}")


class NewsSitemapSpider(RadarSpider, SitemapSpider):
    """Stories from a news sitemap, skipping those older than `max_age` or already stored."""

    sitemap_rules: Sequence[tuple[re.Pattern[str] | str, Any]] = (("", "parse_article"),)

    def __init__(self, spec: CrawlSpec, **kwargs: Any) -> None:
        super().__init__(spec, **kwargs)
        self.sitemap_urls = [spec.sitemap or ""]
        self.oldest = utcnow() - spec.max_age
        self.news_dates: dict[str, datetime] = {}

    async def start(self) -> AsyncIterator[Request]:
        for url in self.sitemap_urls:
            yield Request(url, self._parse_sitemap, errback=self.start_failed)

    def _get_sitemap_body(self, response: Any) -> bytes | None:
        # Scrapy's sitemap entries drop nested elements, so news:publication_date
        # is read here from the same (decompressed) body.
        body: bytes | None = super()._get_sitemap_body(response)
        if body:
            self.news_dates.update(news_publication_dates(body))
        return body

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        index = getattr(entries, "type", None) == "sitemapindex"  # entries are sitemaps
        for entry in entries:
            when = self.news_dates.get(entry.get("loc", "")) or _lastmod(entry)
            if when is not None and when < self.oldest:
                continue
            if index:
                yield entry
                continue
            loc = canonical_url(entry.get("loc", ""))
            self.count(FOUND)
            if not self.is_stored(loc):
                yield entry | {"loc": loc}


class ListingSpider(RadarSpider):
    """Stories linked from listing pages (`follow`/`allow`), up to `pages` pages deep via `next`."""

    def __init__(self, spec: CrawlSpec, **kwargs: Any) -> None:
        super().__init__(spec, **kwargs)
        self.articles = LinkExtractor(
            allow=spec.allow or (),
            restrict_css=spec.follow or (),
            allow_domains=() if spec.allow else site_domains(spec.start),
        )
        self.next_pages = LinkExtractor(restrict_css=spec.next) if spec.next else None
        self.links: set[str] = set()  # article links found on earlier listing pages

    async def start(self) -> AsyncIterator[Request]:
        for url in self.spec.start:
            yield self.listing(url, page=1, errback=self.start_failed)

    def listing(self, url: str, page: int, **kwargs: Any) -> Request:
        return Request(url, self.parse_listing, cb_kwargs={"page": page}, **kwargs)

    def parse_listing(self, response: Any, page: int) -> Iterator[Request]:
        for url in dict.fromkeys(
            canonical_url(link.url) for link in self.articles.extract_links(response)
        ):
            if url in self.links:
                continue
            self.links.add(url)
            self.count(FOUND)
            if not self.is_stored(url):
                yield Request(url, self.parse_article)
        if self.next_pages is not None and page < self.spec.pages:
            for link in self.next_pages.extract_links(response)[:1]:
                yield self.listing(link.url, page=page + 1)


def spider_for(spec: CrawlSpec) -> type[RadarSpider]:
    """The spider kind that crawls `spec`: a sitemap wins over listing pages."""
    if spec.sitemap:
        return NewsSitemapSpider
    if spec.start:
        return ListingSpider
    raise ValueError(f"source {spec.name!r}: neither a sitemap nor start pages to crawl")


def site_domains(urls: Iterable[str]) -> list[str]:
    """The sites of `urls` as `LinkExtractor(allow_domains=...)` compares them.

    Scrapy matches a link's host *with its port* (`127.0.0.1:8000`) against each
    domain or its subdomains, so the port stays and a leading `www.` goes
    (`deadline.com` then also matches `www.deadline.com`).
    """
    domains = set()
    for url in urls:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        if host:
            domains.add(f"{host}:{parts.port}" if parts.port else host)
    return sorted(domains)


def news_publication_dates(body: bytes) -> dict[str, datetime]:
    """`loc` to `news:publication_date` for each <url> of a news sitemap that has both."""
    page = Selector(body=body, type="xml")
    page.remove_namespaces()
    dates = {}
    for url in page.xpath("//url"):
        loc = url.xpath("loc/text()").get("").strip()
        when = parse_datetime(url.xpath("news/publication_date/text()").get(""))
        if loc and when:
            dates[loc] = when
    return dates


def _lastmod(entry: dict[str, Any]) -> datetime | None:
    raw = entry.get("lastmod")
    return parse_datetime(raw) if isinstance(raw, str) and raw else None
