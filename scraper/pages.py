"""One crawled HTML page to one `Article`: JSON-LD/OpenGraph metadata plus trafilatura main text.

Pure and offline: bytes and a URL in, an `Article` (or None for a page that is
not a story) out. The only home of trafilatura; it fetches nothing and stores nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import trafilatura
from parsel import Selector

from scraper.article import Article
from scraper.text import one_line

# JSON-LD types that are a story (schema.org Article and its news subtypes).
_ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)
_TITLE_SEPARATORS = "-|–—:·"
# Short paragraphs that sell a newsletter or report a sign-up form's state: page chrome
# that main-text extraction sometimes keeps (Deadline's "Subscribe to Deadline Breaking
# News Alerts", CinemaBlend's "Thank you for signing up...").
_PROMOS = re.compile(
    r"^(?:subscribe|sign up|get|join)\b.*\b(?:newsletters?|alerts|inbox)\b"
    r"|\bkeep your inbox happy\b|\bthank you for signing up\b"
    r"|\bplease refresh the page and try again\b|\bverification e-?mail\b",
    re.IGNORECASE,
)
_PROMO_WORDS = 25
"""A promo is at most this many words; a longer paragraph naming a newsletter is a story's."""
MIN_WORDS = 8
"""Fewer words of main text than this is page chrome (a "Home" link), not a story."""


def article_from_page(html: str | bytes, url: str, source: str) -> Article | None:
    """The story on the page fetched from `url`, or None when the page has no main text."""
    page = Selector(text=html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    title = page_title(page)
    if not title or not is_story(page):
        return None
    text = _without_headline(main_text(page), title)
    if len(text.split()) < MIN_WORDS:
        return None
    canonical = page_url(page, url)
    return Article.make(canonical, title, text, source, guid=None, published=published(page))


def is_story(page: Selector) -> bool:
    """False for pages that say they are something else (og:type "website": a listing, a hub)."""
    kind = _meta(page, "og:type")
    return kind is None or kind.lower() == "article" or any(True for _ in _ld_articles(page))


def main_text(page: Selector) -> str:
    """The story's text without navigation, asides, footers or comments; paragraphs kept apart."""
    text = trafilatura.extract(
        page.get(), include_comments=False, include_tables=False, favor_precision=True
    )
    lines = (one_line(line) for line in (text or "").splitlines())
    return "\n\n".join(without_promos([line for line in lines if line]))


def without_promos(paragraphs: list[str]) -> list[str]:
    """`paragraphs` without newsletter promos, and without a heading left at the end by one."""
    kept = [p for p in paragraphs if not _is_promo(p)]
    promo_last = len(kept) < len(paragraphs) and _is_promo(paragraphs[-1])
    if promo_last and kept and _is_heading(kept[-1]):
        kept.pop()  # "Your Daily Blend of Entertainment News" above a sign-up box
    return kept


def _is_heading(paragraph: str) -> bool:
    return len(paragraph.split()) <= 8 and not re.search(r"[.!?:;,\"”’)]$", paragraph)


def _is_promo(paragraph: str) -> bool:
    return len(paragraph.split()) <= _PROMO_WORDS and bool(_PROMOS.search(paragraph))


def _without_headline(text: str, title: str) -> str:
    """`text` without a first paragraph that only repeats the headline."""
    first, _, rest = text.partition("\n\n")
    return rest if _same_words(first, title) else text


def _same_words(a: str, b: str) -> bool:
    def words(s: str) -> list[str]:
        return re.findall(r"\w+", s.casefold())

    return words(a) == words(b)


def page_url(page: Selector, fetched_url: str) -> str:
    """<link rel=canonical>, else og:url, else the URL the page was fetched from (made absolute)."""
    href = page.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
    ).get()
    found = (href or "").strip() or _meta(page, "og:url")
    return urljoin(fetched_url, found) if found else fetched_url


def page_title(page: Selector) -> str | None:
    """JSON-LD headline, else og:title, else <title>; the site name suffix dropped."""
    title = (
        _ld_value(page, "headline")
        or _meta(page, "og:title")
        or one_line(page.xpath("//title/text()").get() or "")
    )
    return _strip_site_name(one_line(title), _meta(page, "og:site_name")) if title else None


def published(page: Selector) -> datetime | None:
    """JSON-LD datePublished, else article:published_time; aware UTC (a naive date is UTC)."""
    raw = _ld_value(page, "datePublished") or _meta(page, "article:published_time")
    return parse_datetime(raw) if raw else None


def parse_datetime(raw: str) -> datetime | None:
    """An ISO 8601 date or date-time as aware UTC; None when it is not one."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def _meta(page: Selector, name: str) -> str | None:
    """A <meta property|name=...> value (content=, or value= as some saved pages have it)."""
    for attr in ("property", "name"):
        node = page.xpath(f"//meta[@{attr}=$name]", name=name)
        value = node.xpath("@content").get() or node.xpath("@value").get()
        if value and value.strip():
            return one_line(value)
    return None


def _ld_value(page: Selector, key: str) -> str | None:
    """`key` of the page's first JSON-LD article object that has it as text."""
    for item in _ld_articles(page):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return one_line(value)
    return None


def _ld_articles(page: Selector) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object typed as an article, including those in lists and @graph."""
    for script in page.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(script)
        except ValueError:
            continue
        yield from (item for item in _ld_objects(data) if _is_article(item))


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_objects(data.get("@graph", []))


def _is_article(item: dict[str, Any]) -> bool:
    types = item.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(name in _ARTICLE_TYPES for name in names)


def _strip_site_name(title: str, site_name: str | None) -> str:
    """`title` without a trailing " - Site Name" (og:site_name), as page titles often carry."""
    if not site_name:
        return title
    pattern = rf"\s*[{re.escape(_TITLE_SEPARATORS)}]\s*{re.escape(site_name)}\s*$"
    stripped = re.sub(pattern, "", title, flags=re.IGNORECASE)
    return stripped or title
