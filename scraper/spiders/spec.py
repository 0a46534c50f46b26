"""The plain values a spider job is made of: `CrawlSpec` in, `CrawlResult` out, and their JSON.

No Scrapy here: the parent process (scheduler, workers) imports this cheaply;
only the crawl subprocess imports Scrapy.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from typing import Any, Literal

DEFAULT_USER_AGENT = (
    "renewal-radar/0.1 (TV renewal and cancellation alerts; +https://example.org/your-contact)"
)


@dataclass(frozen=True, slots=True)
class CrawlSpec:
    """One source crawled by Scrapy: a news sitemap, or listing pages plus link rules.

    `sitemap` wins when both are set. `follow` is a CSS selector for the
    article links (or the regions holding them) on a listing page; `allow` a
    regex those URLs must match; `next` a CSS selector for the next listing page.
    `delay` is the smallest wait in seconds between two requests to one site
    (AutoThrottle starts there and adapts upwards).
    """

    name: str
    sitemap: str | None = None
    start: tuple[str, ...] = ()
    follow: str | None = None
    allow: str | None = None
    next: str | None = None
    pages: int = 3
    max_pages: int = 200
    max_age: timedelta = timedelta(days=2)
    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    max_text: int = 200_000  # characters of a story's text stored (`detection.max_text`)

    def to_json(self) -> str:
        values = asdict(self)
        values["max_age"] = self.max_age.total_seconds()
        return json.dumps(values)

    @classmethod
    def from_json(cls, raw: str | dict[str, Any]) -> CrawlSpec:
        values = json.loads(raw) if isinstance(raw, str) else dict(raw)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in values.items() if k in known}
        values["start"] = tuple(values.get("start", ()))
        values["max_age"] = timedelta(seconds=values.get("max_age", 2 * 86400))
        return cls(**values)


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """The outcome of one crawl; a value, never an exception, at the batch edge.

    `seen` counts article pages parsed, `new` the articles the store did not have.
    `error` is one line naming the URL or the cause. A run that works but has
    no `stories` (no link found, or none leads to a story) means the site changed.
    """

    source: str
    status: Literal["ok", "error"]
    new: int = 0
    seen: int = 0
    error: str | None = None
    elapsed: float = 0.0
    found: int = 0  # article links found, stored or not
    stories: int = 0  # of those, links to a story (stored before, or fetched and a story now)
    unsent: int = 0  # requests dropped because `max_pages` was spent (more may wait)


def check_selector(css: str) -> str | None:
    """None if `css` is a CSS selector of elements Scrapy can use to find links, else the reason.

    Pseudo-elements (`::attr(href)`, `::text`) select strings, not elements:
    Scrapy's link extractor fails on every page with them, so they are refused here.
    """
    from cssselect import parse
    from parsel.csstranslator import HTMLTranslator

    try:
        HTMLTranslator().css_to_xpath(css)
        pseudo = any(s.pseudo_element for s in parse(css))
    except Exception as e:  # cssselect's SelectorSyntaxError and friends
        return f"not a CSS selector: {e}"
    if pseudo:
        return (
            "selects text or attributes (::text, ::attr), not elements: name the links "
            "(h3 a) or the elements that hold them (.river)"
        )
    return None
