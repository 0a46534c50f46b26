"""Feeds and stories written for the tests (our own phrasing, shaped like trade-press items)."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

from scraper import utcnow

SHARED_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "eval-fixtures"
"""Saved real feeds and pages, beside the checkout (never copied into it); tests skip without."""

JESSICA_JONES_TITLE = "Jessica Jones Renewed For Season 2 By Netflix"
JESSICA_JONES_TEXT = (
    "<p>Netflix has handed <em>Marvel's Jessica Jones</em> a second season, the streamer said "
    "on Sunday, a month after the Krysten Ritter drama premiered to strong reviews.</p>"
    "<p>The series is part of the Marvel street-level slate that began with Daredevil, which "
    "returns in March. Luke Cage, introduced in Jessica Jones, headlines his own series later "
    "this year, followed by Iron Fist and the team-up The Defenders.</p>"
)
OTHER_STORY_TITLE = "Emmy Voters Weigh In On Drama Race"
OTHER_STORY_TEXT = "<p>Academy members shared their picks for the drama categories.</p>"
MARVEL_SERIES = ["Jessica Jones", "Daredevil", "Luke Cage", "Iron Fist", "The Defenders"]


def marvel_config(
    db_url: str, feed: str, subscribers: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A config polling `feed` (source `tv-trade`) with the five Marvel series watched."""
    return {
        "version": 1,
        "database": db_url,
        "sources": [{"name": "tv-trade", "feed": feed, "every": "10m"}],
        "series": [
            {"title": "Jessica Jones", "aliases": ["Marvel's Jessica Jones"], "network": "Netflix"},
            *({"title": t} for t in MARVEL_SERIES[1:]),
        ],
        "subscribers": subscribers,
        **extra,
    }


def rss(items: list[tuple[str, str, str]], when: datetime | None = None) -> str:
    """An RSS 2.0 feed of (title, link, html) items, published at `when` (default now)."""
    date = format_datetime(when or utcnow())
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>{date}</pubDate><description>{escape(html)}</description></item>"
        for t, link, html in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Test TV</title><link>http://127.0.0.1/</link>{entries}</channel></rss>"
    )


def marvel_feed(base: str = "https://tv.example.com") -> str:
    return rss(
        [
            (
                JESSICA_JONES_TITLE,
                f"{base}/2016/01/jessica-jones-renewed/?utm_source=rss",
                JESSICA_JONES_TEXT,
            ),
            (OTHER_STORY_TITLE, f"{base}/2016/01/emmy-voters/", OTHER_STORY_TEXT),
        ]
    )
