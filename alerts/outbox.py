"""The delivery outbox: claim a due row, send it, record the outcome; never twice, never lost.

Each row is one (subscriber, event, target). A row is claimed (`sending`) in
its own short transaction before the send and marked after it (`claims.py`), so
a crash between the two repeats at most that one message, once its sender is
known to be gone; a database outage between the two repeats none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .claims import claim, holding, release_orphans, settle
from .deliver import SendResult, target_key
from .events import Subscriber, outlet_of
from .message import Alert, render, render_digest
from .tables import articles, deliveries, events, reports

log = logging.getLogger(__name__)

DEFAULT_RETRY = tuple(timedelta(minutes=m) for m in (1, 5, 30, 120, 720))  # then the row is dead

HOLD_FOR_REPORTS = timedelta(minutes=10)
"""How long an alert waiting for `min_reports` waits before it looks again."""

Sender = Callable[[str, str, str], SendResult]
Row = dict[str, Any]
"""A delivery joined with its event; `reports` counts the distinct outlets that confirm it."""


@dataclass
class DeliveryReport:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)
    given_up: list[str] = field(default_factory=list)  # one line per delivery declared dead


def _due(now: datetime) -> Any:
    """Rows waiting for their time; a `sending` row is due again only once `release_orphans`
    has freed it."""
    waiting = deliveries.c.status.in_(("pending", "retrying"))
    return waiting & (deliveries.c.next_attempt_at <= now)


def deliver_due(
    engine: Engine,
    subscribers: Sequence[Subscriber],
    send: Sender,
    now: Callable[[], datetime],
    retry: Sequence[timedelta] = DEFAULT_RETRY,
    limit: int = 200,
    stopping: Callable[[], bool] = lambda: False,
) -> DeliveryReport:
    """Send every due delivery once; failures wait on the `retry` ladder, then are dead.

    A digest fan's due rows for one target go out as one message. Each message's rows
    are claimed just before it is sent, so only the message in flight is `sending`;
    once `stopping()` is true no further message starts.
    """
    report = DeliveryReport()
    release_orphans(engine, now())
    subs = {s.name: s for s in subscribers}
    for (name, key), ids in _due_groups(engine, now(), limit).items():
        sub = subs.get(name)
        url = next((u for u in sub.targets if target_key(u) == key), None) if sub else None
        if sub is None or url is None:
            _give_up(engine, ids, f"no longer in config.yaml for {name}", now(), report)
            continue
        if sub.timing.mode == "digest":  # every due row, even past `limit`: one message
            messages = [_due_ids(engine, name, key, now())]
        else:
            messages = [[i] for i in ids]
        for message in messages:
            if stopping():
                return report
            batch = _claim_ready(engine, message, sub, now())
            if batch:
                with holding(engine, [row["id"] for row in batch], now):
                    result = _send_batch(send, url, batch, sub)
                    _finish(engine, batch, result, now(), retry, sub, report)
    return report


def next_due(engine: Engine) -> datetime | None:
    """When the earliest waiting delivery is due (a retry, a digest, the end of quiet hours)."""
    waiting = deliveries.c.status.in_(("pending", "retrying"))
    query = sa.select(sa.func.min(deliveries.c.next_attempt_at)).where(waiting)
    with engine.connect() as conn:
        at: datetime | None = conn.execute(query).scalar()
    return at


def _due_groups(engine: Engine, now: datetime, limit: int) -> dict[tuple[str, str], list[int]]:
    cols = (deliveries.c.id, deliveries.c.subscriber, deliveries.c.target_key)
    query = sa.select(*cols).where(_due(now)).order_by(deliveries.c.id).limit(limit)
    groups: dict[tuple[str, str], list[int]] = {}
    with engine.connect() as conn:
        for row_id, name, key in conn.execute(query):
            groups.setdefault((name, key), []).append(row_id)
    return groups


def _due_ids(engine: Engine, name: str, key: str, now: datetime) -> list[int]:
    """Every due delivery of one subscriber's target, in id order."""
    mine = (deliveries.c.subscriber == name) & (deliveries.c.target_key == key)
    query = sa.select(deliveries.c.id).where(mine, _due(now)).order_by(deliveries.c.id)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def _claim_ready(engine: Engine, ids: list[int], sub: Subscriber, now: datetime) -> list[Row]:
    """Claim the rows whose event enough outlets confirm; postpone the others.

    Quiet hours are checked again here, at send time: a row due before they began
    (the daemon was down, a retry, a confirmation) waits for their end all the same.
    """
    quiet_until = sub.timing.after_quiet(now)
    if quiet_until > now:
        _update(engine, ids, {"next_attempt_at": quiet_until}, _due(now))
        return []
    rows = _rows(engine, ids)
    waiting = [r["id"] for r in rows if r["reports"] < sub.min_reports]
    if waiting:
        later = sub.timing.release_at(now + HOLD_FOR_REPORTS)
        _update(engine, waiting, {"next_attempt_at": later}, _due(now))
    ready = [r["id"] for r in rows if r["id"] not in waiting]
    claimed = [i for i in ready if claim(engine, i, now, _due(now))]
    return _rows(engine, claimed)


def _rows(engine: Engine, ids: list[int]) -> list[Row]:
    """The deliveries `ids` with their events, in id order, each with its outlet count."""
    with engine.connect() as conn:
        query = joined().where(deliveries.c.id.in_(ids)).order_by(deliveries.c.id)
        rows = [dict(r) for r in conn.execute(query).mappings()]
        outlets = outlet_counts(conn, {r["event_id"] for r in rows})
    return [{**r, "reports": outlets.get(r["event_id"], 1)} for r in rows]


def outlet_counts(conn: sa.Connection, event_ids: Iterable[int]) -> dict[int, int]:
    """How many different sites report each event: two stories on one site are one outlet."""
    query = (
        sa.select(reports.c.event_id, articles.c.url)
        .join(articles, articles.c.id == reports.c.article_id)
        .where(reports.c.event_id.in_(list(event_ids)))
    )
    sites: dict[int, set[str]] = {}
    for event_id, url in conn.execute(query):
        sites.setdefault(event_id, set()).add(outlet_of(url))
    return {event_id: len(found) for event_id, found in sites.items()}


def _update(engine: Engine, ids: list[int], values: dict[str, Any], *where: Any) -> None:
    with engine.begin() as conn:
        conn.execute(deliveries.update().where(deliveries.c.id.in_(ids), *where).values(values))


def _give_up(
    engine: Engine, ids: list[int], reason: str, now: datetime, report: DeliveryReport
) -> None:
    for row in _rows(engine, ids):
        _finish(engine, [row], SendResult(False, f"{row['target_label']}: {reason}"), now, (),
                None, report)  # fmt: skip


def _send_batch(send: Sender, url: str, batch: Sequence[Row], sub: Subscriber) -> SendResult:
    try:
        title, body = _render(batch, sub)
    except Exception as e:  # an operator's template that fails at render time
        label = batch[0]["target_label"]
        return SendResult(False, f"{label}: {sub.name}'s template cannot render: {e}")
    return send(url, title, body)


def _render(batch: Sequence[Row], sub: Subscriber) -> tuple[str, str]:
    alerts = [replace(_alert(row), manage_url=sub.manage_url) for row in batch]
    if sub.timing.mode == "digest":
        return render_digest(alerts, sub.name, sub.digest_template, sub.manage_url)
    return render(alerts[0], *sub.templates)


def joined() -> Any:
    """Deliveries joined with their events (what every view of a delivery shows)."""
    return sa.select(
        deliveries, events.c.series, events.c.event, events.c.season, events.c.network,
        events.c.headline, events.c.url, events.c.source, events.c.reports,
    ).join(events, events.c.id == deliveries.c.event_id)  # fmt: skip


def _alert(row: Row) -> Alert:
    return Alert(
        series=row["series"], event=row["event"], season=row["season"] or None,
        network=row["network"], headline=row["headline"], url=row["url"],
        outlet=row["source"], reports=row["reports"], subscriber=row["subscriber"],
    )  # fmt: skip


def _finish(
    engine: Engine,
    batch: Sequence[Row],
    result: SendResult,
    now: datetime,
    retry: Sequence[timedelta],
    sub: Subscriber | None,
    report: DeliveryReport,
) -> None:
    """Store the outcome of one message on each of its rows; log it in one line."""
    said: dict[tuple[int, str], list[str]] = {}
    for row in batch:
        level, outcome = _outcome(engine, row, result, now, retry, sub, report)
        said.setdefault((level, outcome), []).append(f"{row['series']} {row['event']}")
    head = batch[0]
    reason = _reason(head, result)
    for (level, outcome), alerts in said.items():
        log.log(level, "%s: %s to %s (%s)%s", outcome, ", ".join(alerts), head["subscriber"],
                head["target_label"], f": {reason}" if reason else "")  # fmt: skip


def _reason(row: Row, result: SendResult) -> str | None:
    """Why a send failed, without the target the row already names."""
    return (result.error or "").removeprefix(f"{row['target_label']}: ") or None


def _outcome(
    engine: Engine,
    row: Row,
    result: SendResult,
    now: datetime,
    retry: Sequence[timedelta],
    sub: Subscriber | None,
    report: DeliveryReport,
) -> tuple[int, str]:
    """Store one row's outcome (through a database outage too); its log level and words."""
    attempts = row["attempts"]  # counted when the row was claimed
    what = f"{row['series']} {row['event']} to {row['subscriber']} ({row['target_label']})"
    reason = _reason(row, result)
    if result.ok:
        values: dict[str, Any] = {"status": "sent", "sent_at": now, "last_error": None}
        report.sent += 1
        said = logging.INFO, "alert sent"
    elif 0 < attempts <= len(retry):
        wait = retry[attempts - 1]
        at = sub.timing.retry_at(now + wait) if sub else now + wait
        values = {"status": "retrying", "next_attempt_at": at, "last_error": reason}
        report.retrying += 1
        said = logging.WARNING, f"alert not sent, retry in {_wait(wait)}"
    else:
        values = {"status": "dead", "last_error": reason}
        report.dead += 1
        report.given_up.append(f"{what}: {reason}")
        said = logging.ERROR, f"alert given up after {attempts} attempts"
    if result.error:
        report.errors.append(result.error)
    settle(engine, row["id"], values, what)
    return said


def _wait(wait: timedelta) -> str:
    """`1m30s`, `2h`, `0s`: a retry wait as the config writes it."""
    seconds = int(wait.total_seconds())
    parts = [(seconds // 3600, "h"), (seconds // 60 % 60, "m"), (seconds % 60, "s")]
    return "".join(f"{n}{unit}" for n, unit in parts if n) or "0s"
