"""Spider jobs end to end: `run_crawl` against our trade-press-like test site on loopback."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from days import at, fill_days
from test_pages import BASE, GLASS_HARBOR, HARBOR_LIGHTS, NIGHTWATCH

from scraper import Article, Store, canonical_url, utcnow
from scraper.spiders import CrawlResult, CrawlSpec, run_crawl, stop_crawls
from scraper.spiders import run as run_module

SITE = Path(__file__).with_name("site")
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain"}
SITEMAP_STORIES = {
    "news/nightwatch-renewed-season-3.html": "‘Nightwatch’ Renewed for Season 3 at Streamline",
    "news/harbor-lights-cancelled.html": "Harbor Lights Cancelled After Two Seasons",
    "news/glass-harbor-final-season.html": "The Glass Harbor to End With Season 5",
}
LISTED_STORIES = [
    "tv/2026/midnight-diner-renewed.html",
    "tv/2026/paper-crowns-cancelled.html",
    "tv/2026/the-long-road-revived.html",
    "tv/2026/ironwood-final-season.html",
]
# What a crawl must store from each listed page: the exact Article (URL from its
# relative canonical link, the <title> without the site name, text without chrome).
LISTED_ARTICLES = [
    Article(f"{BASE}/{path}", title, text, "trade-wire-tv",
            published=at(days_ago, 12))
    for path, title, text, days_ago in [
        (LISTED_STORIES[0], "Midnight Diner Renewed for Season 2",
         "Midnight Diner has been renewed for a second season, the network said on Sunday.\n\n"
         "The anthology series tells one customer's story per episode.", 3),
        (LISTED_STORIES[1], "Paper Crowns Cancelled at Northstar",
         "Northstar has cancelled Paper Crowns after one season.\n\n"
         "The royal comedy will not return in the fall.", 4),
        (LISTED_STORIES[2], "The Long Road Revived for Season 4",
         "The Long Road, cancelled three years ago, has been revived for a fourth season.\n\n"
         "The original cast will return.", 5),
        (LISTED_STORIES[3], "Ironwood to End With Season 6",
         "Ironwood will end with its sixth season, its network confirmed.\n\n"
         "The western has run since 2021.", 6),
    ]
]  # fmt: skip


class TradeSite(ThreadingHTTPServer):
    """Serves tests/site with {BASE}, {FRESH} and {OLD} filled in; logs every path; /hang/ hangs."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.requests: list[str] = []
        self.times: list[float] = []  # when each request came, on the monotonic clock
        self.robots_extra = ""  # lines added to robots.txt
        self.agents: set[str] = set()
        self.release = threading.Event()
        self.slow = 0.0  # seconds each answer waits
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0

    def fill(self, text: str) -> str:
        now = utcnow()
        fresh, old = now - timedelta(hours=3), now - timedelta(days=30)
        return fill_days(
            text.replace("{BASE}", self.base)
            .replace("{FRESH}", fresh.isoformat(timespec="seconds"))
            .replace("{OLD}", old.isoformat(timespec="seconds"))
        )

    def paths(self, prefix: str = "/") -> list[str]:
        return [p for p in self.requests if p.startswith(prefix)]


class _Handler(BaseHTTPRequestHandler):
    server: TradeSite

    def do_GET(self) -> None:
        site = self.server
        with site.lock:
            site.requests.append(self.path)
            site.times.append(time.monotonic())
            site.agents.add(self.headers.get("User-Agent", ""))
            site.in_flight += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
        try:
            time.sleep(site.slow)
            self._answer()
        finally:
            with site.lock:
                site.in_flight -= 1

    def _answer(self) -> None:
        if self.path.startswith("/hang/"):
            self.server.release.wait(30)
            return
        if self.path.startswith("/go/"):  # a moved link
            self.send_response(301)
            self.send_header("Location", self.path.removeprefix("/go"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file = SITE / self.path.split("?")[0].lstrip("/")
        if not file.is_file() or SITE not in file.resolve().parents:
            self.send_error(404)
            return
        text = file.read_text() + (self.server.robots_extra if self.path == "/robots.txt" else "")
        self._send(self.server.fill(text).encode(), TYPES[file.suffix])

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[TradeSite]:
    server = TradeSite()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'radar.db'}"
    store = Store(url)
    store.upgrade()
    store.close()
    return url


def sitemap_spec(site: TradeSite, **kwargs: Any) -> CrawlSpec:
    return CrawlSpec(name="trade-wire", sitemap=f"{site.base}/news-sitemap.xml", delay=0, **kwargs)


def listing_spec(site: TradeSite, **kwargs: Any) -> CrawlSpec:
    return listing_spec_for(site.base, **kwargs)


def listing_spec_for(base: str, **kwargs: Any) -> CrawlSpec:
    values: dict[str, Any] = {
        "follow": ".river h3", "allow": r"/tv/\d{4}/", "next": "a.next", "delay": 0
    }  # fmt: skip
    return CrawlSpec(name="trade-wire-tv", start=(f"{base}/tv/index.html",), **(values | kwargs))


def crawl(spec: CrawlSpec, database: str, timeout: float = 45) -> CrawlResult:
    result = run_crawl(spec, database, timeout=timeout)
    assert result.source == spec.name
    return result


def stored(database: str, url: str) -> tuple[str, str, datetime | None, str] | None:
    a = stored_article(database, url)
    return None if a is None else (a.title, a.text, a.published, a.source)


def stored_article(database: str, url: str) -> Article | None:
    store = Store(database)
    found = store.find_article(canonical_url(url))
    store.close()
    return None if found is None else found.article


def on_site(site: TradeSite, expected: Article) -> Article:
    """`expected` (written for the offline base URL) as crawled from `site`."""
    return replace(expected, url=expected.url.replace(BASE, site.base))


def test_sitemap_crawl_stores_every_fresh_allowed_story(site: TradeSite, database: str) -> None:
    result = crawl(sitemap_spec(site), database)
    assert (result.status, result.new, result.seen, result.error) == ("ok", 3, 3, None)
    for path, title in SITEMAP_STORIES.items():
        found = stored(database, f"{site.base}/{path}")
        assert found is not None and found[0] == title and found[3] == "trade-wire"
    for expected in (NIGHTWATCH, HARBOR_LIGHTS, GLASS_HARBOR):  # title, text, date, URL exact
        assert stored_article(database, on_site(site, expected).url) == on_site(site, expected)


def test_sitemap_crawl_skips_old_entries_and_robots_disallowed_paths(
    site: TradeSite, database: str
) -> None:
    crawl(sitemap_spec(site), database)
    assert site.paths("/private/") == []
    assert site.paths("/news/old-pilot-order") == []
    assert site.requests[0] == "/robots.txt"


def test_a_second_run_requests_no_story_again(site: TradeSite, database: str) -> None:
    first = crawl(sitemap_spec(site), database)
    second = crawl(sitemap_spec(site), database)
    assert (first.new, second.status, second.new, second.seen) == (3, "ok", 0, 0)
    assert len(site.paths("/news/")) == 3


def test_a_story_reached_by_a_moved_link_is_not_requested_again(
    site: TradeSite, database: str
) -> None:
    spec = CrawlSpec(name="trade-wire", sitemap=f"{site.base}/moved-sitemap.xml", delay=0)
    first = crawl(spec, database)
    assert (first.status, first.new) == ("ok", 2)
    assert stored_article(database, f"{site.base}/news/harbor-lights-cancelled.html") == (
        replace(
            on_site(site, HARBOR_LIGHTS), guid=f"{site.base}/go/news/harbor-lights-cancelled.html"
        )
    )
    ironwood = stored_article(database, f"{site.base}/tv/2026/ironwood-final-season.html")
    assert ironwood is not None and ironwood.guid == (
        f"{site.base}/tv/2026/ironwood-final-season.html?from=sitemap"
    )
    requests = len(site.requests)
    second = crawl(spec, database)
    assert (second.status, second.new, second.seen, second.stories) == ("ok", 0, 0, 2)
    assert site.requests[requests:] == ["/robots.txt", "/moved-sitemap.xml"]


def test_a_moved_link_to_a_story_a_feed_stored_first_is_not_requested_again(
    site: TradeSite, database: str
) -> None:
    story = on_site(site, HARBOR_LIGHTS)
    store = Store(database)
    store.add_articles([replace(story, source="trade-feed", guid="feed-guid-17")], utcnow())
    store.close()
    spec = CrawlSpec(name="trade-wire", sitemap=f"{site.base}/moved-sitemap.xml", delay=0)
    first = crawl(spec, database)
    assert (first.status, first.new) == ("ok", 1)  # the feed's story is not stored twice
    assert site.paths("/go/") == ["/go/news/harbor-lights-cancelled.html"]
    second = crawl(spec, database)
    assert (second.status, second.new, second.seen) == ("ok", 0, 0)
    assert site.paths("/go/") == ["/go/news/harbor-lights-cancelled.html"]  # not again
    stored_story = stored_article(database, story.url)
    assert stored_story is not None and stored_story.source == "trade-feed"


def test_listing_crawl_follows_next_pages_up_to_the_page_limit(
    site: TradeSite, database: str
) -> None:
    result = crawl(listing_spec(site, pages=3), database)
    assert (result.status, result.new, result.seen) == ("ok", 4, 4)
    for expected in LISTED_ARTICLES:
        assert stored_article(database, on_site(site, expected).url) == on_site(site, expected)
    assert stored(database, f"{site.base}/tv/2026/deep-field-renewed.html") is None
    assert site.paths("/tv/page/4") == []
    assert site.paths("/private/") == site.paths("/about") == site.paths("/news/") == []


def test_a_follow_selector_alone_keeps_to_the_start_site_and_its_port(
    site: TradeSite, database: str
) -> None:
    # Scrapy compares a link's host with its port: on a site with a port (loopback,
    # staging) the start pages' own links must still count as the same site.
    result = crawl(listing_spec(site, allow=None, pages=3), database)
    assert (result.status, result.new, result.seen, result.found) == ("ok", 4, 4, 5)  # + private
    for path in LISTED_STORIES:
        assert stored(database, f"{site.base}/{path}") is not None
    assert site.paths("/private/") == []  # linked from the river, disallowed by robots.txt


def test_listing_crawl_skips_stories_already_stored(site: TradeSite, database: str) -> None:
    crawl(listing_spec(site), database)
    again = crawl(listing_spec(site), database)
    assert (again.status, again.new, again.seen) == ("ok", 0, 0)
    assert len(site.paths("/tv/2026/")) == len(LISTED_STORIES)


def test_a_sitemap_index_is_followed_except_for_old_sitemaps(
    site: TradeSite, database: str
) -> None:
    spec = CrawlSpec(name="trade-wire", sitemap=f"{site.base}/sitemap-index.xml", delay=0)
    result = crawl(spec, database)
    assert (result.status, result.new) == ("ok", 3)
    assert result.found == 4  # the fresh stories (one disallowed), not the sitemaps themselves
    assert site.paths("/archive/") == []


def test_max_pages_caps_every_request(site: TradeSite, database: str) -> None:
    result = crawl(sitemap_spec(site, max_pages=3), database)
    assert result.status == "ok"
    assert len(site.requests) == 3  # robots.txt, the sitemap, one story
    assert result.new == 1
    assert result.unsent >= 1  # the next story was held back


def test_a_hanging_crawl_is_killed_and_reported(site: TradeSite, database: str) -> None:
    spec = CrawlSpec(name="stuck", sitemap=f"{site.base}/hang/sitemap.xml", delay=0)
    started = time.monotonic()
    result = run_crawl(spec, database, timeout=3)
    assert (result.status, result.error) == ("error", "crawl timed out after 3s")
    assert time.monotonic() - started < 10


def test_at_most_two_requests_at_a_time_go_to_one_site(site: TradeSite, database: str) -> None:
    site.slow = 0.3  # slow answers, so that a crawl would overlap many if it could
    result = crawl(listing_spec(site, pages=3), database)
    assert (result.status, result.new) == ("ok", 4)
    # CONCURRENT_REQUESTS_PER_DOMAIN is 2; AutoThrottle aiming at one request in flight
    # (and its delay) keeps it at one here.
    assert 1 <= site.most_in_flight <= 2


def test_a_crawl_delay_in_robots_txt_spaces_every_request_to_the_site(
    site: TradeSite, database: str
) -> None:
    site.robots_extra = "Crawl-delay: 0.6\n"
    result = crawl(listing_spec(site), database)  # our own delay is 0
    assert result.status == "ok" and result.new == 4
    gaps = [b - a for a, b in zip(site.times[1:], site.times[2:], strict=False)]  # after robots
    assert len(gaps) >= 4 and min(gaps) >= 0.55  # never faster than asked (no ±50% jitter)


def test_our_own_delay_holds_where_robots_txt_asks_for_less(site: TradeSite, database: str) -> None:
    site.robots_extra = "Crawl-delay: 0.1\n"
    crawl(listing_spec(site, delay=0.8), database)
    gaps = [b - a for a, b in zip(site.times[1:], site.times[2:], strict=False)]
    assert len(gaps) >= 4 and min(gaps) >= 0.35  # 0.8 s varied by Scrapy's ±50%


def test_two_crawls_of_one_site_run_one_after_the_other(site: TradeSite, database: str) -> None:
    site.slow = 0.2
    specs = [sitemap_spec(site), listing_spec(site, pages=1)]
    results: dict[str, CrawlResult] = {}
    spans: dict[str, tuple[float, float]] = {}

    def run(spec: CrawlSpec) -> None:
        results[spec.name] = crawl(spec, database)
        spans[spec.name] = (time.monotonic() - results[spec.name].elapsed, time.monotonic())

    threads = [threading.Thread(target=run, args=(spec,)) for spec in specs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert {r.status for r in results.values()} == {"ok"}
    first, second = sorted(spans.values())
    assert first[1] <= second[0] + 0.05  # the second began only when the first had finished
    assert site.most_in_flight <= 2


def test_a_crawl_waiting_too_long_for_another_on_its_site_gives_up_saying_so(
    site: TradeSite, database: str
) -> None:
    stuck = CrawlSpec(name="stuck", sitemap=f"{site.base}/hang/sitemap.xml", delay=0)
    first = threading.Thread(target=run_crawl, args=(stuck, database), kwargs={"timeout": 4})
    first.start()
    time.sleep(0.5)
    result = run_crawl(sitemap_spec(site), database, timeout=1)
    first.join(10)
    netloc = site.base.removeprefix("http://")
    assert (result.status, result.error) == ("error", f"another crawl of {netloc} ran for over 1s")


def test_a_crawl_waiting_on_its_site_starts_none_once_crawls_are_stopped(
    site: TradeSite, database: str
) -> None:
    stuck = CrawlSpec(name="stuck", sitemap=f"{site.base}/hang/sitemap.xml", delay=0)
    first = threading.Thread(target=run_crawl, args=(stuck, database), kwargs={"timeout": 20})
    first.start()
    time.sleep(0.5)
    waiting: list[CrawlResult] = []
    second = threading.Thread(target=lambda: waiting.append(crawl(sitemap_spec(site), database)))
    second.start()
    time.sleep(0.3)
    try:
        stop_crawls()  # as the daemon does when it stops
        first.join(10)
        second.join(10)
    finally:
        run_module._STOPPING.clear()  # this process goes on crawling in other tests
    assert [(r.status, r.error) for r in waiting] == [
        ("error", "not started: the daemon is stopping")
    ]
    assert site.paths("/news-sitemap.xml") == []


def test_spiders_send_the_configured_user_agent(site: TradeSite, database: str) -> None:
    agent = "renewal-radar/0.1 (TV renewal and cancellation alerts; +https://radar.example.org/c)"
    crawl(sitemap_spec(site, user_agent=agent), database)
    assert site.requests[0] == "/robots.txt"
    assert site.agents == {agent}


def test_a_crawl_killed_at_its_timeout_keeps_the_stories_it_read(
    site: TradeSite, database: str
) -> None:
    spec = CrawlSpec(name="trade-wire", sitemap=f"{site.base}/sitemap-index-with-hang.xml", delay=0)
    result = run_crawl(spec, database, timeout=6)
    assert (result.status, result.error) == ("error", "crawl timed out after 6s")
    assert site.paths("/hang/") == ["/hang/sitemap.xml"]
    for path, title in SITEMAP_STORIES.items():
        found = stored(database, f"{site.base}/{path}")
        assert found is not None and found[0] == title


def test_a_missing_sitemap_is_an_error_naming_it(site: TradeSite, database: str) -> None:
    result = crawl(CrawlSpec(name="gone", sitemap=f"{site.base}/nope.xml", delay=0), database)
    assert result.status == "error"
    assert result.error is not None and f"{site.base}/nope.xml" in result.error


def test_a_store_that_was_never_upgraded_is_an_error(site: TradeSite, tmp_path: Path) -> None:
    result = crawl(sitemap_spec(site), f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.status == "error"
    assert result.error == f"sqlite:///{tmp_path / 'empty.db'}: cannot read the store: " + (
        "no such table: articles"
    )
    assert site.requests == []


def test_a_spec_with_nothing_to_crawl_is_an_error(database: str) -> None:
    result = crawl(CrawlSpec(name="empty"), database)
    assert result.status == "error"
    assert result.error is not None and "neither a sitemap nor start pages" in result.error


def test_crawl_spec_round_trips_through_json() -> None:
    spec = CrawlSpec(
        name="x", start=("http://a/1", "http://a/2"), follow="h3", max_age=timedelta(hours=6)
    )
    assert CrawlSpec.from_json(spec.to_json()) == spec


# Offline: the spiders' own decisions on saved pages (no crawl, no network).


def offline_page(path: str, base: str = "http://trade-wire.test") -> bytes:
    fresh = (utcnow() - timedelta(hours=3)).isoformat(timespec="seconds")
    old = (utcnow() - timedelta(days=30)).isoformat(timespec="seconds")
    text = (SITE / path).read_text()
    return text.replace("{BASE}", base).replace("{FRESH}", fresh).replace("{OLD}", old).encode()


def test_news_publication_dates_are_read_from_the_sitemap() -> None:
    from scraper.spiders.base import news_publication_dates

    dates = news_publication_dates(offline_page("news-sitemap.xml"))
    assert sorted(dates) == [
        "http://trade-wire.test/news/harbor-lights-cancelled.html",
        "http://trade-wire.test/news/nightwatch-renewed-season-3.html?utm_source=sitemap",
        "http://trade-wire.test/news/old-pilot-order.html",
        "http://trade-wire.test/private/leaked-finale.html",
    ]
    assert all(when.tzinfo is UTC for when in dates.values())


def test_sitemap_filter_drops_old_and_stored_entries_and_cleans_urls(database: str) -> None:
    from scrapy.utils.sitemap import Sitemap

    from scraper import Article
    from scraper.spiders.base import NewsSitemapSpider

    spider = NewsSitemapSpider(CrawlSpec(name="trade-wire", sitemap="http://trade-wire.test/"))
    spider.store = Store(database)
    spider.store.add_articles(
        [Article.make("http://trade-wire.test/news/harbor-lights-cancelled.html", "t", "x", "s")],
        utcnow(),
    )
    body = spider._get_sitemap_body(_xml_response(offline_page("news-sitemap.xml")))
    assert body is not None
    kept = [entry["loc"] for entry in spider.sitemap_filter(Sitemap(body))]
    spider.store.close()
    assert kept == [
        "http://trade-wire.test/news/nightwatch-renewed-season-3.html",
        "http://trade-wire.test/news/glass-harbor-final-season.html",
        "http://trade-wire.test/private/leaked-finale.html",  # robots.txt is the crawler's job
    ]


def test_a_listing_page_yields_each_story_once_and_the_next_page(database: str) -> None:
    from scrapy.http import HtmlResponse

    from scraper.spiders.base import ListingSpider

    spec = listing_spec_for("http://trade-wire.test", pages=3)
    spider = ListingSpider(spec)
    spider.store = Store(database)
    url = "http://trade-wire.test/tv/index.html"
    response = HtmlResponse(url, body=offline_page("tv/index.html"), encoding="utf-8")
    requests = list(spider.parse_listing(response, page=1))
    assert [(r.url, getattr(r.callback, "__name__", None)) for r in requests] == [
        ("http://trade-wire.test/tv/2026/midnight-diner-renewed.html", "parse_article"),
        ("http://trade-wire.test/tv/2026/paper-crowns-cancelled.html", "parse_article"),
        ("http://trade-wire.test/private/tv/2026/embargoed.html", "parse_article"),
        ("http://trade-wire.test/tv/page/2.html", "parse_listing"),
    ]
    again = [r.url for r in spider.parse_listing(response, page=2)]
    assert again == ["http://trade-wire.test/tv/page/2.html"]  # its links were found before
    spider.links.clear()
    last_page = [r.url for r in spider.parse_listing(response, page=3)]
    spider.store.close()
    assert last_page == [r.url for r in requests[:3]]  # no next page past `pages`


def _xml_response(body: bytes) -> Any:
    from scrapy.http import XmlResponse

    return XmlResponse("http://trade-wire.test/news-sitemap.xml", body=body)


@pytest.mark.postgres
def test_a_crawl_into_postgresql_never_shows_its_password(
    site: TradeSite, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlalchemy as sa

    from scraper.spiders import run as runner

    secret = "Cr4wlS3cret"
    url = sa.make_url(pg_url).set(password=secret).render_as_string(hide_password=False)
    store = Store(url)
    store.upgrade()
    store.close()
    spec = CrawlSpec(name="trade-wire", sitemap=f"{site.base}/sitemap-index-with-hang.xml", delay=0)
    results: list[CrawlResult] = []
    thread = threading.Thread(target=lambda: results.append(run_crawl(spec, url, timeout=6)))
    thread.start()
    command_lines = []
    while thread.is_alive():
        for proc in list(runner._RUNNING):
            with contextlib.suppress(OSError):
                command_lines.append(Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode())
        time.sleep(0.2)
    thread.join()
    assert command_lines and all(secret not in line for line in command_lines)
    assert results[0].error == "crawl timed out after 6s"
    for path, title in SITEMAP_STORIES.items():  # stored on PostgreSQL before the timeout
        found = stored(url, f"{site.base}/{path}")
        assert found is not None and found[0] == title
    assert all(secret not in r.getMessage() for r in caplog.records)
