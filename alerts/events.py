"""Claims become events: one row per real status change, many reports, one delivery per fan.

An event is keyed by (series, event, season, generation). A claim that names no
season joins the same series' latest matching event if it was seen within
`MERGE_WINDOW`; a claim that names one fills in a season-less event seen within
that window. A season-less claim never joins an event that a contrary one has
followed (cancelled, then revived): the news is new again, a new generation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from scraper import StoredArticle, insert_for

from .deliver import target_key, target_label
from .detect import Claim
from .secrets import known
from .tables import articles, deliveries, events, reports, waiting
from .timing import INSTANT, Timing

MERGE_WINDOW = timedelta(days=60)
CONTRARY = {
    "cancelled": frozenset({"renewed", "revived"}),
    "renewed": frozenset({"cancelled"}),
    "revived": frozenset({"cancelled", "ending"}),
    "ending": frozenset({"revived"}),
}
"""Events that undo one another. Renewed and ending are not: "renewed for a final season"."""


@dataclass(frozen=True, slots=True)
class Subscriber:
    """A fan: where to send (Apprise URLs), what they follow (`series=None` is all), and when.

    `series` holds `series_key`s. `min_reports` holds an alert until that many outlets
    confirm the event; `templates` are (title, body) Jinja2 sources replacing the shipped ones,
    `digest_template` the body of a digest. Alerts to a fan with a `manage_url` end with it.
    """

    name: str
    targets: tuple[str, ...]
    series: frozenset[str] | None = None
    events: frozenset[str] = frozenset({"renewed", "cancelled", "ending", "revived"})
    timing: Timing = INSTANT
    min_reports: int = 1
    templates: tuple[str | None, str | None] = (None, None)
    digest_template: str | None = None
    manage_url: str | None = None  # a web fan's signed page to change or unsubscribe

    def follows(self, series: str, event: str) -> bool:
        wanted = self.series is None or series_key(series) in self.series
        return wanted and event in self.events


def series_key(title: str) -> str:
    """The form two spellings of one title share: case, accents, punctuation and "The" dropped."""
    text = unicodedata.normalize("NFKD", title.casefold().replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text)).strip()
    return text.removeprefix("the ")


@dataclass(frozen=True, slots=True)
class Recorded:
    """What one article added: events it created, events it confirmed, and weak reports that
    wait for another outlet."""

    created: tuple[int, ...] = ()
    confirmed: tuple[int, ...] = ()
    waiting: tuple[int, ...] = ()  # rows of `waiting_reports`: weak news no outlet confirms yet


def record(
    conn: Connection,
    stored: StoredArticle,
    claims: Iterable[Claim],
    subscribers: Sequence[Subscriber],
    now: datetime,
    alert_at: float = 0.0,
    *,
    planned: list[dict[str, Any]] | None = None,
) -> Recorded:
    """Store `claims` from `stored` as events and reports; queue deliveries for new events.

    A claim confirms the event it matches. Otherwise it makes a new event when it, with the
    weak reports of other outlets waiting for the same news, weighs `alert_at` (`weight`): a
    clear claim alerts at once, a weak one waits (in `waiting_reports`, not as an event) until
    another outlet corroborates it. Events are only ever made to alert, so their ids stay in
    the order fans and readers of the API learn of them.

    With `planned`, the new events' deliveries are added to it rather than inserted, for
    `queue_deliveries` to insert a whole batch's in one statement (`record` reads none back).
    """
    created: list[int] = []
    confirmed: list[int] = []
    waiting_ids: list[int] = []
    for claim in claims:
        key = series_key(claim.series)
        existing = _matching(conn, key, claim, now)
        if existing is not None:
            if _add_report(conn, existing, claim, stored, now):
                confirmed.append(existing)
            continue
        held = _waiting(conn, key, claim, stored, now) if claim.confidence < alert_at else []
        here = (outlet_of(stored.article.url), claim.confidence)
        if weight([here, *((outlet_of(w.url), w.confidence) for w in held)]) < alert_at:
            waiting_ids.append(_wait(conn, key, claim, stored, now))
            continue
        event_id, new = _new_event(conn, key, claim, stored, now)
        added = _add_report(conn, event_id, claim, stored, now, counted=new)
        for w in held:
            _add_waiting(conn, event_id, w, now)
        if new:
            created.append(event_id)
            rows = _plan(event_id, claim, subscribers, now)
            if planned is None:
                queue_deliveries(conn, rows)
            else:
                planned += rows
        elif added:
            confirmed.append(event_id)
    return Recorded(tuple(created), tuple(confirmed), tuple(waiting_ids))


def weight(reports: Iterable[tuple[str, float]]) -> float:
    """What reports, (outlet, confidence) each, weigh together: an outlet counts once, by its
    strongest report, and outlets combine as independent witnesses (noisy-or), so two outlets
    at 0.35 weigh 0.58 while one outlet saying it twice still weighs 0.35."""
    best: dict[str, float] = {}
    for outlet, confidence in reports:
        best[outlet] = max(best.get(outlet, 0.0), min(max(confidence, 0.0), 1.0))
    doubt = 1.0
    for confidence in best.values():
        doubt *= 1.0 - confidence
    return 1.0 - doubt


def outlet_of(url: str) -> str:
    """The site a story is on: its host without `www.` (a feed and a sitemap of one site agree)."""
    host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")


def _waiting(
    conn: Connection, key: str, claim: Claim, stored: StoredArticle, now: datetime
) -> list[Any]:
    """Weak reports of the same news from other stories, within `MERGE_WINDOW`: a season
    stated on both sides must agree."""
    season = claim.season or 0
    query = (
        sa.select(waiting, articles.c.url)
        .join(articles, articles.c.id == waiting.c.article_id)
        .where(
            waiting.c.series_key == key,
            waiting.c.event == claim.event,
            waiting.c.article_id != stored.id,
            waiting.c.created_at >= now - MERGE_WINDOW,
        )
    )
    if season:
        query = query.where(waiting.c.season.in_([0, season]))
    return list(conn.execute(query.order_by(waiting.c.id)).all())


def _wait(conn: Connection, key: str, claim: Claim, stored: StoredArticle, now: datetime) -> int:
    row = {
        "series": claim.series, "series_key": key, "event": claim.event,
        "season": claim.season or 0, "network": claim.network, "article_id": stored.id,
        "source": stored.article.source, "evidence": claim.evidence, "rule": claim.rule,
        "confidence": claim.confidence, "created_at": now,
    }  # fmt: skip
    conn.execute(insert_for(conn, waiting).values(row).on_conflict_do_nothing())
    stale = waiting.delete().where(waiting.c.created_at < now - MERGE_WINDOW)
    conn.execute(stale)  # a weak report nobody corroborated in time is forgotten
    same = (waiting.c.series_key == key) & (waiting.c.event == claim.event)
    return int(
        conn.execute(
            sa.select(waiting.c.id).where(same, waiting.c.article_id == stored.id)
        ).scalar_one()
    )


def _add_waiting(conn: Connection, event_id: int, w: Any, now: datetime) -> None:
    """A waiting report joins the event it helped make."""
    row = {
        "event_id": event_id, "article_id": w.article_id, "source": w.source,
        "evidence": w.evidence, "rule": w.rule, "confidence": w.confidence,
        "created_at": w.created_at,
    }  # fmt: skip
    _join(conn, event_id, row, w.network, now)
    conn.execute(waiting.delete().where(waiting.c.id == w.id))


class _Statements:
    """The statements `record` runs, built once per dialect with bound parameters: building a
    statement costs about seven times what running a built one does, and a batch of stories
    runs thousands of them."""

    def __init__(self, dialect: Connection) -> None:
        e, p = events.c, sa.bindparam
        same = (e.series_key == p("key")) & (e.event == p("event"))
        recent = e.last_seen_at >= p("since", type_=e.last_seen_at.type)
        self.exact = sa.select(e.id).where(same, e.season == p("season"))
        self.open = (
            sa.select(e.id).where(same, e.season == 0, recent).order_by(e.id.desc()).limit(1)
        )
        self.reseason = events.update().where(e.id == p("eid")).values(season=p("new_season"))
        self.latest = sa.select(e.id).where(same, recent).order_by(e.last_seen_at.desc()).limit(1)
        self.undone = (
            sa.select(e.id)
            .where(
                e.series_key == p("key"),
                e.event.in_(p("contrary", expanding=True)),
                e.id > p("eid"),
            )
            .limit(1)
        )
        self.generation = (
            sa.select(e.id, e.generation)
            .where(same, e.season == p("season"))
            .order_by(e.generation.desc())
            .limit(1)
        )
        self.insert_event = insert_for(dialect, events).on_conflict_do_nothing().returning(e.id)
        self.existing = sa.select(e.id).where(
            same, e.season == p("season"), e.generation == p("gen")
        )
        self.insert_report = (
            insert_for(dialect, reports).on_conflict_do_nothing().returning(reports.c.id)
        )
        bump = {"reports": e.reports + 1, "last_seen_at": p("now", type_=e.last_seen_at.type)}
        self.bump = events.update().where(e.id == p("eid")).values(bump)
        self.bump_network = self.bump.values(network=sa.func.coalesce(e.network, p("net")))
        self.insert_deliveries = insert_for(dialect, deliveries).on_conflict_do_nothing()


_BUILT: dict[str, _Statements] = {}


def _sql(conn: Connection) -> _Statements:
    name = conn.dialect.name
    if name not in _BUILT:
        _BUILT[name] = _Statements(conn)
    return _BUILT[name]


def _new_event(
    conn: Connection, key: str, claim: Claim, stored: StoredArticle, now: datetime
) -> tuple[int, bool]:
    """The event a claim that matched none makes (or the one a concurrent writer just made).
    A new one is made counting the claim's report, which `_add_report` then stores."""
    sql = _sql(conn)
    row = _event_row(claim, key, stored, now)
    # `_matching` found no event of a season the claim names: its first generation is free
    seasoned = claim.season is not None
    row["generation"] = 0 if seasoned else _generation(conn, key, claim.event, row["season"])
    row["reports"] = 1
    new_id = conn.execute(sql.insert_event, row).scalar()
    if new_id is not None:
        return new_id, True
    same = {"key": key, "event": claim.event, "season": row["season"], "gen": row["generation"]}
    return conn.execute(sql.existing, same).scalar_one(), False


def _generation(conn: Connection, key: str, event: str, season: int) -> int:
    """The latest generation of (series, event, season), or the next one if it was undone."""
    query = _sql(conn).generation
    latest = conn.execute(query, {"key": key, "event": event, "season": season}).first()
    if latest is None:
        return 0
    return int(latest.generation) + _undone(conn, key, event, latest.id)


def _undone(conn: Connection, key: str, event: str, event_id: int) -> bool:
    """Whether a contrary event of the same series came after event `event_id`."""
    contrary = sorted(CONTRARY.get(event, frozenset()))
    if not contrary:
        return False
    found = conn.execute(_sql(conn).undone, {"key": key, "contrary": contrary, "eid": event_id})
    return found.first() is not None


def _matching(conn: Connection, key: str, claim: Claim, now: datetime) -> int | None:
    sql = _sql(conn)
    params = {"key": key, "event": claim.event, "since": now - MERGE_WINDOW}
    if claim.season is not None:
        exact = {"key": key, "event": claim.event, "season": claim.season}
        found: int | None = conn.execute(sql.exact, exact).scalar()
        if found is not None:
            return found
        open_id: int | None = conn.execute(sql.open, params).scalar()
        if open_id is None or _undone(conn, key, claim.event, open_id):
            return None
        conn.execute(sql.reseason, {"eid": open_id, "new_season": claim.season})
        return open_id
    found_id: int | None = conn.execute(sql.latest, params).scalar()
    if found_id is not None and _undone(conn, key, claim.event, found_id):
        return None
    return found_id


def _event_row(claim: Claim, key: str, stored: StoredArticle, now: datetime) -> dict[str, Any]:
    a = stored.article
    return {
        "series": claim.series, "series_key": key, "event": claim.event,
        "season": claim.season or 0, "network": claim.network,
        "headline": a.title or claim.evidence,
        "url": a.url, "source": a.source, "confidence": claim.confidence, "reports": 0,
        "first_seen_at": now, "last_seen_at": now,
    }  # fmt: skip


def _add_report(
    conn: Connection,
    event_id: int,
    claim: Claim,
    stored: StoredArticle,
    now: datetime,
    counted: bool = False,
) -> bool:
    """Store the claim's report of event `event_id`; `counted` when the event was just made
    counting it (with the claim's network and `now`): then there is nothing to bump."""
    row = {
        "event_id": event_id, "article_id": stored.id, "source": stored.article.source,
        "evidence": claim.evidence, "rule": claim.rule, "confidence": claim.confidence,
        "created_at": now,
    }  # fmt: skip
    return _join(conn, event_id, row, claim.network, now, counted)


def _join(
    conn: Connection,
    event_id: int,
    row: dict[str, Any],
    network: str | None,
    now: datetime,
    counted: bool = False,
) -> bool:
    """Store report `row` of event `event_id` and count it (unless `counted`); False if it
    was stored before."""
    sql = _sql(conn)
    if conn.execute(sql.insert_report, row).scalar() is None:
        return False
    if counted:
        return True
    if network:
        conn.execute(sql.bump_network, {"eid": event_id, "now": now, "net": network})
    else:
        conn.execute(sql.bump, {"eid": event_id, "now": now})
    return True


def queue_deliveries(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert deliveries `record` planned (one statement for all)."""
    if rows:
        conn.execute(_sql(conn).insert_deliveries, rows)


def _plan(
    event_id: int, claim: Claim, subscribers: Sequence[Subscriber], now: datetime
) -> list[dict[str, Any]]:
    """The deliveries a new event makes: one per target of each fan who follows it."""
    return [
        {
            "event_id": event_id,
            "subscriber": sub.name,
            **_target(url),
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": sub.timing.release_at(now),
            "created_at": now,
        }
        for sub in subscribers
        if sub.follows(claim.series, claim.event)
        for url in sub.targets
    ]


def _target(url: str) -> dict[str, str]:
    """A delivery's target columns; worked out once per URL (and set of secrets to mask),
    not once per event: labelling an Apprise URL builds Apprise's plugin for it."""
    return _target_of(url, tuple(known()))


@lru_cache(maxsize=256)
def _target_of(url: str, secrets: tuple[str, ...]) -> dict[str, str]:
    return {"target_key": target_key(url), "target_label": target_label(url)}


@dataclass(frozen=True, slots=True)
class EventView:
    """An event as `status` shows it."""

    series: str
    event: str
    season: int | None
    network: str | None
    reports: int
    first_seen_at: datetime
    url: str

    def describe(self) -> str:
        season = f" season {self.season}" if self.season else ""
        network = f" ({self.network})" if self.network else ""
        confirmed = f", confirmed by {self.reports} reports" if self.reports > 1 else ""
        return f"{self.series} {self.event}{season}{network}{confirmed}: {self.url}"


def recent_events(engine: Engine, limit: int = 10) -> list[EventView]:
    cols = [events.c[name] for name in EventView.__slots__]
    query = sa.select(*cols).order_by(events.c.first_seen_at.desc(), events.c.id.desc())
    with engine.connect() as conn:
        rows = conn.execute(query.limit(limit)).mappings()
        return [EventView(**{**row, "season": row["season"] or None}) for row in rows]


def waiting_lines(engine: Engine, limit: int = 10) -> list[str]:
    """Weak news that waits for another outlet, newest first, one line each (for `status`)."""
    query = (
        sa.select(
            waiting.c.series,
            waiting.c.event,
            waiting.c.season,
            waiting.c.confidence,
            articles.c.url,
        )
        .join(articles, articles.c.id == waiting.c.article_id)
        .order_by(waiting.c.created_at.desc(), waiting.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        f"{r.series} {r.event}{f' season {r.season}' if r.season else ''}: "
        f"{outlet_of(r.url)} at {r.confidence:.2f}, waiting for another outlet"
        for r in rows
    ]
