"""What the radar knows, read for the web: each series' status in words, timelines, reports.

Read-only queries over events, reports and articles; the pages, the feeds and the
JSON API all show these values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..events import outlet_of, series_key
from ..tables import articles, events, reports

STATUS_WORDS = {
    "renewed": ("Renewed for season {season}", "Renewed"),
    "cancelled": ("Cancelled after season {season}", "Cancelled"),
    "ending": ("Ending with season {season}", "Final season announced"),
    "revived": ("Revived for season {season}", "Revived"),
}


@dataclass(frozen=True, slots=True)
class Report:
    """One story that supports an event: its outlet, the sentence that decided, the link."""

    source: str
    outlet: str
    title: str
    url: str
    evidence: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    series: str
    slug: str
    event: str
    season: int | None
    network: str | None
    headline: str
    url: str
    first_seen_at: datetime
    last_seen_at: datetime
    reports: tuple[Report, ...] = ()

    @property
    def outlets(self) -> int:
        return max(1, len({r.outlet for r in self.reports}))

    @property
    def evidence(self) -> str:
        return self.reports[0].evidence if self.reports else self.headline

    @property
    def status(self) -> str:
        """`Renewed for season 2`."""
        with_season, without = STATUS_WORDS[self.event]
        return with_season.format(season=self.season) if self.season else without

    def words(self) -> str:
        """`Renewed for season 2 · Netflix · 2 Dec 2026 · 4 outlets`."""
        return f"{self.status} · {self.details()}"

    def details(self) -> str:
        """`Netflix · 2 Dec 2026 · 4 outlets`: the words after the status."""
        parts = [self.network or "", day(self.first_seen_at)]
        parts.append(f"{self.outlets} outlet{'s' if self.outlets != 1 else ''}")
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Watched:
    """A series on the watchlist with its latest event (None: no news yet)."""

    title: str
    network: str | None
    latest: Event | None = None
    slug: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slug", slug_of(self.title))

    def words(self) -> str:
        return self.latest.words() if self.latest else "No news yet"


def slug_of(title: str) -> str:
    """`Marvel's Jessica Jones` → `marvels-jessica-jones`: the series' key, URL-shaped."""
    return "-".join(series_key(title).split()) or "series"


def day(t: datetime) -> str:
    return f"{t.day} {t:%b %Y}"


def board(engine: Engine, watched: Sequence[tuple[str, str | None]]) -> list[Watched]:
    """Every watched series, with its latest event, in watchlist order."""
    keys = {series_key(title): (title, network) for title, network in watched}
    latest: dict[str, Event] = {}
    with engine.connect() as conn:
        rows = conn.execute(_events().where(events.c.series_key.in_(list(keys)))).mappings()
        found = _with_reports(conn, list(rows))
    for event in sorted(found, key=lambda e: (e.first_seen_at, e.id)):
        latest[series_key(event.series)] = event
    return [Watched(t, n, latest.get(k)) for k, (t, n) in keys.items()]


def timeline(engine: Engine, title: str) -> list[Event]:
    """Every event of one series, newest first, each with its reports."""
    query = _events().where(events.c.series_key == series_key(title))
    with engine.connect() as conn:
        rows = list(conn.execute(query.order_by(*_newest())).mappings())
        return _with_reports(conn, rows)


def recent(engine: Engine, limit: int = 20, key: str | None = None) -> list[Event]:
    """The latest events across all series (or one series' key), newest first."""
    query = _events().order_by(*_newest()).limit(limit)
    if key is not None:
        query = query.where(events.c.series_key == key)
    with engine.connect() as conn:
        return _with_reports(conn, list(conn.execute(query).mappings()))


def since(engine: Engine, after: int, limit: int) -> list[Event]:
    """Events with an id above `after`, oldest first: a reader pages on with the last id."""
    query = _events().where(events.c.id > after).order_by(events.c.id).limit(limit)
    with engine.connect() as conn:
        return _with_reports(conn, list(conn.execute(query).mappings()))


def _newest() -> tuple[Any, ...]:
    return events.c.first_seen_at.desc(), events.c.id.desc()


def _events() -> sa.Select[Any]:
    return sa.select(
        events.c.id, events.c.series, events.c.event, events.c.season, events.c.network,
        events.c.headline, events.c.url, events.c.first_seen_at, events.c.last_seen_at,
    )  # fmt: skip


def _with_reports(conn: Connection, rows: list[Any]) -> list[Event]:
    ids = [r["id"] for r in rows]
    query = (
        sa.select(
            reports.c.event_id,
            reports.c.source,
            reports.c.evidence,
            reports.c.created_at,
            articles.c.url,
            articles.c.title,
        )
        .join(articles, articles.c.id == reports.c.article_id)
        .where(reports.c.event_id.in_(ids))
        .order_by(reports.c.id)
    )
    found: dict[int, list[Report]] = {}
    for r in conn.execute(query).mappings():
        report = Report(r["source"], outlet_of(r["url"]), r["title"], r["url"], r["evidence"],
                        r["created_at"])  # fmt: skip
        found.setdefault(r["event_id"], []).append(report)
    return [
        Event(
            r["id"],
            r["series"],
            slug_of(r["series"]),
            r["event"],
            r["season"] or None,
            r["network"],
            r["headline"],
            r["url"],
            r["first_seen_at"],
            r["last_seen_at"],
            tuple(found.get(r["id"], ())),
        )
        for r in rows
    ]
