"""The fast feed path (`scraper.rss`) gives feedparser's articles, or leaves the feed to it.

Every case parses the same bytes twice, `parser="fast"` and `parser="feedparser"`, and
compares the articles (URL, title, text, guid, date) and the warning. Cases the fast path
must read itself say so, so that a fast path that gave up on everything would fail here.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

import feedparser.html
import pytest
from stories import SHARED_FIXTURES
from test_feeds import RSS, RSS_TYPE

from alerts import Config, ConfigError, load_config
from scraper import rss
from scraper.errors import ParseError
from scraper.feeds import FeedParser, _looks_like_html, parse_feed

GUARDIAN = SHARED_FIXTURES / "feeds" / "theguardian-us.rss"
BASE = "https://press.example/feed/"
NS = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"'
)


def _wpfeeds() -> object:
    path = Path(__file__).resolve().parents[1] / "bench" / "wpfeeds.py"
    spec = importlib.util.spec_from_file_location("wpfeeds", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("wpfeeds", module)
    spec.loader.exec_module(module)
    return module


def both(body: bytes, content_type: str = RSS_TYPE, url: str = BASE) -> tuple[object, object]:
    headers = {"Content-Type": content_type}
    return (
        parse_feed(body, headers, url, "press", "fast"),
        parse_feed(body, headers, url, "press", "feedparser"),
    )


def read_fast(body: bytes, content_type: str = RSS_TYPE) -> bool:
    """Whether the fast path reads `body` itself (rather than leaving it to feedparser)."""
    headers = {"content-type": content_type}
    return rss.entries(body, headers, BASE, _looks_like_html) is not None


def item_feed(item: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return (
        f'{head}\n<rss version="2.0" {NS}><channel><title>Press</title>'
        f"<link>https://press.example/</link><description>d</description>\n"
        f"<item>{item}</item>\n<item><title>Second</title>"
        "<link>https://press.example/2</link></item></channel></rss>"
    ).encode()


@pytest.mark.skipif(not GUARDIAN.is_file(), reason="no saved real feeds at ../shared")
def test_the_real_guardian_feed_gives_feedparsers_articles_on_the_fast_path() -> None:
    body = GUARDIAN.read_bytes()
    fast, slow = both(body)
    assert read_fast(body)
    assert len(fast[0]) == 55
    assert fast == slow


def test_the_benchmark_wordpress_feeds_give_feedparsers_articles_on_the_fast_path() -> None:
    bodies = _wpfeeds().feeds(datetime(2026, 12, 7, 12, 0, tzinfo=UTC))  # type: ignore[attr-defined]
    for body in bodies[:8]:
        fast, slow = both(body)
        assert read_fast(body)
        assert fast == slow
        assert all(a.published and a.text for a in fast[0])


def test_the_suites_own_rss_with_html_titles_gives_the_same_articles() -> None:
    assert read_fast(RSS.encode())
    fast, slow = both(RSS.encode())
    assert fast[0][0].title == "Jessica Jones Renewed & Thriving"
    assert fast == slow


T = "<title>t</title><link>/a</link>"


def dated(date: str) -> str:
    return f"{T}<pubDate>{date}</pubDate>"


FAST_ITEMS = {
    "ampersand title": "<title>Law &amp; Order Renewed</title><link>https://p.example/a</link>",
    "title with an HTML entity": "<title>Caf&amp;eacute; Society</title><link>/a</link>",
    "title with unknown tags": "<title>&lt;foo&gt;x&lt;/foo&gt; y</title><link>/a</link>",
    "relative link": "<title>t</title><link>/tv/story?id=1&amp;b=2</link>",
    "link with entity-like query": "<title>t</title><link>https://p.example/?a=1&amp;amp;b=2</link>",
    "extra slashes after the scheme": "<title>t</title><link>https:////p.example/x</link>",
    "guid as link": "<title>t</title><guid>https://p.example/guid-link</guid>",
    "guid as relative link": "<title>t</title><guid>12345</guid>",
    "guid not a link": '<title>t</title><guid isPermaLink="false">abc</guid>',
    "guid then link": "<title>t</title><guid>https://p.example/g</guid><link>/l</link>",
    "eastern date": dated("Tue, 02 Jan 2018 14:30:00 -0500"),
    "date without day name": dated("2 Jan 2018 14:30:00 +0130"),
    "date in GMT": dated("Sun, 31 Dec 2017 23:59:59 GMT"),
    "dc:date beside pubDate": (
        dated("Tue, 02 Jan 2018 14:30:00 +0000") + "<dc:date>2018-01-01T00:00:00Z</dc:date>"
    ),
    "windows-1252 controls": "<title>It&#x92;s back &#x93;now&#x94;</title><link>/a</link>",
    "raw windows-1252 controls": "<title>It\u0092s back \u0096 now</title><link>/a</link>",
    "decimal windows-1252 reference": "<title>It&#0146;s back &#150; now</title><link>/a</link>",
    "UTF-8 read as Latin-1": "<title>Caf\u00c3\u00a9 Society</title><link>/a</link>",
    "CDATA amid text": "<title>A <![CDATA[B & <i>C</i>]]> D</title><link>/a</link>",
    "description only": T + "<description>&lt;p&gt;x&lt;/p&gt;</description>",
    "content only": T + "<content:encoded><![CDATA[<p>y</p>]]></content:encoded>",
    "empty content, then description": (
        T + "<content:encoded></content:encoded><description>summary</description>"
    ),
    "content before description": (
        "<link>/a</link><content:encoded>&lt;p&gt;y&lt;/p&gt;</content:encoded>"
        "<description>s</description><title>late title</title>"
    ),
    "empty link": "<title>t</title><link></link><guid>https://p.example/g</guid>",
    "mailto link": "<title>t</title><link>mailto:x@p.example</link>",
    "media and credits": (
        '<title>t</title><link>/a</link><media:content url="https://p.example/i.jpg">'
        "<media:credit>Photo</media:credit></media:content><dc:creator>Ann</dc:creator>"
        '<category domain="x">TV</category><comments>/a#c</comments>'
    ),
    "thumbnail, enclosure, author": (
        T + '<media:thumbnail url="https://p.example/t.jpg"/><author>a@p.example (Ann)</author>'
        '<enclosure url="https://p.example/a.mp3" length="1" type="audio/mpeg"/>'
    ),
    "WordPress.com post id": T + '<post-id xmlns="com-wordpress:feed-additions:1">123</post-id>',
    "a comment among the children": "<!-- c --><title>t</title><link>/a</link>",
}


@pytest.mark.parametrize("item", FAST_ITEMS.values(), ids=FAST_ITEMS.keys())
def test_plain_rss_items_are_read_fast_as_feedparser_reads_them(item: str) -> None:
    body = item_feed(item)
    assert read_fast(body)
    fast, slow = both(body)
    assert fast == slow


LEFT_TO_FEEDPARSER = {
    "odd date": dated("2018-01-02 14:30"),
    "named time zone": dated("Tue, 02 Jan 2018 14:30:00 EST"),
    "impossible date": dated("Tue, 31 Feb 2018 14:30:00 GMT"),
    "only a dc:date": T + "<dc:date>2018-01-02T14:30:00Z</dc:date>",
    "two titles": "<title>a</title><title>b</title><link>/a</link>",
    "two descriptions": T + "<description>a</description><description>b</description>",
    "markup inside a title": "<title>a <b>bold</b> move</title><link>/a</link>",
    "a comment inside a title": "<title>a <!-- x --> b</title><link>/a</link>",
    "typed title": '<title type="html">a</title><link>/a</link>',
    "media title": (
        '<title>t</title><link>/a</link><media:content url="https://p.example/i.jpg">'
        "<media:title>Other</media:title></media:content>"
    ),
    "unknown element": T + "<dc:title>Other</dc:title>",
    "source element": '<title>t</title><link>/a</link><source url="https://o.example/">O</source>',
    "xml:base": '<title xml:base="https://other.example/">t</title><link>/a</link>',
    "guid with odd attributes": '<title>t</title><guid isPermalink="false">x</guid>',
}


@pytest.mark.parametrize("item", LEFT_TO_FEEDPARSER.values(), ids=LEFT_TO_FEEDPARSER.keys())
def test_items_the_fast_path_cannot_read_exactly_go_to_feedparser(item: str) -> None:
    body = item_feed(item)
    assert not read_fast(body)
    fast, slow = both(body)
    assert fast == slow


LATIN1 = '<?xml version="1.0" encoding="iso-8859-1"?>'
ATOM_FEED = (
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>t</title>'
    b'<link href="https://p.example/a"/><id>urn:1</id></entry></feed>'
)
NO_ITEMS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
DOCUMENTS = {
    "Latin-1 declared": (item_feed("<title>Caf\u00e9</title><link>/a</link>", LATIN1), RSS_TYPE),
    "served as text/html": (item_feed(T), "text/html; charset=utf-8"),
    "no content type": (item_feed(T), ""),
    "text/xml without a charset": (
        item_feed("<title>Caf\u00e9</title><link>/a</link>"),
        "text/xml",
    ),
    "invalid UTF-8": (item_feed(T).replace(b"<title>t", b"<title>\xe9"), RSS_TYPE),
    "doctype": (item_feed(T).replace(b"<rss", b"<!DOCTYPE rss>\n<rss", 1), RSS_TYPE),
    "ill-formed": (item_feed("<title>t &nbsp; x</title><link>/a</link>"), RSS_TYPE),
    "undeclared prefix": (item_feed(T + "<foo:bar>x</foo:bar>"), RSS_TYPE),
    "reference to a control character": (item_feed("<title>t&#1;x</title>"), RSS_TYPE),
    "no items": (NO_ITEMS, RSS_TYPE),
    "Atom": (ATOM_FEED, "application/atom+xml"),
}


@pytest.mark.parametrize("case", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_documents_outside_plain_utf8_rss_go_to_feedparser(case: tuple[bytes, str]) -> None:
    body, content_type = case
    assert not read_fast(body, content_type)
    fast, slow = both(body, content_type)
    assert fast == slow


def test_text_xml_in_ascii_is_read_fast() -> None:
    body = item_feed(T)
    assert read_fast(body, "text/xml")
    assert both(body, "text/xml")[0] == both(body, "text/xml")[1]


def test_a_hostile_feed_is_still_one_line_naming_the_url() -> None:
    body = b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><html><body>not a feed"
    with pytest.raises(ParseError) as e:
        parse_feed(body, {"Content-Type": RSS_TYPE}, BASE, "press", "fast")
    assert BASE in str(e.value) and "\n" not in str(e.value)


def test_the_windows_1252_map_is_feedparsers() -> None:
    assert feedparser.html._cp1252 == rss._CP1252


def test_the_config_chooses_the_parser_and_names_a_bad_choice(tmp_path: Path) -> None:
    assert get_args(Config.model_fields["feed_parser"].annotation) == get_args(FeedParser)
    path = tmp_path / "config.yaml"
    path.write_text("version: 1\nfeed_parser: feedparser\n")
    assert load_config(str(path)).feed_parser == "feedparser"
    path.write_text("version: 1\n")
    assert load_config(str(path)).feed_parser == "fast"
    path.write_text("version: 1\nfeed_parser: speedy\n")
    with pytest.raises(ConfigError, match="feed_parser"):
        load_config(str(path))
