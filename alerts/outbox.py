"""The delivery outbox: claim a due row, send it, record the outcome; never twice, never lost.

Each row is one (subscriber, event, target). A row is claimed (`sending`) in
its own short transaction before the send and marked after it, so a crash
between the two repeats at most that one message, once the claim is stale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .deliver import SendResult
from .events import Subscriber
from .message import Alert, render
from .tables import deliveries, events

log = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=5)
"""A `sending` row older than this was left by a crash and is due again."""

DEFAULT_RETRY = tuple(timedelta(minutes=m) for m in (1, 5, 30, 120, 720))  # then the row is dead

Sender = Callable[[str, str, str], SendResult]


@dataclass
class DeliveryReport:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: datetime) -> Any:
    waiting = deliveries.c.status.in_(("pending", "retrying")) & (
        deliveries.c.next_attempt_at <= now
    )
    stale = (deliveries.c.status == "sending") & (deliveries.c.claimed_at < now - STALE_CLAIM)
    return waiting | stale


def deliver_due(
    engine: Engine,
    subscribers: Sequence[Subscriber],
    send: Sender,
    now: Callable[[], datetime],
    retry: Sequence[timedelta] = DEFAULT_RETRY,
    limit: int = 200,
) -> DeliveryReport:
    """Send every due delivery once; failures wait on the `retry` ladder, then are dead."""
    report = DeliveryReport()
    targets = _targets(subscribers)
    query = sa.select(deliveries.c.id).where(_due(now())).order_by(deliveries.c.id).limit(limit)
    with engine.connect() as conn:
        ids = list(conn.execute(query).scalars())
    for delivery_id in ids:
        if _claim(engine, delivery_id, now()):
            _deliver_one(engine, delivery_id, targets, send, now, retry, report)
    return report


def _targets(subscribers: Sequence[Subscriber]) -> dict[tuple[str, str], str]:
    from .deliver import target_key

    return {(s.name, target_key(url)): url for s in subscribers for url in s.targets}


def _claim(engine: Engine, delivery_id: int, now: datetime) -> bool:
    claim = (
        deliveries.update()
        .where(deliveries.c.id == delivery_id, _due(now))
        .values(status="sending", claimed_at=now, attempts=deliveries.c.attempts + 1)
    )
    with engine.begin() as conn:
        return conn.execute(claim).rowcount == 1


def _deliver_one(
    engine: Engine,
    delivery_id: int,
    targets: Mapping[tuple[str, str], str],
    send: Sender,
    now: Callable[[], datetime],
    retry: Sequence[timedelta],
    report: DeliveryReport,
) -> None:
    with engine.connect() as conn:
        row = conn.execute(_joined().where(deliveries.c.id == delivery_id)).mappings().one()
    url = targets.get((row["subscriber"], row["target_key"]))
    if url is None:
        error = f"{row['target_label']}: no longer in config.yaml for {row['subscriber']}"
        return _finish(engine, row, SendResult(False, error), now(), (), report)
    title, body = render(_alert(row))
    result = send(url, title, body)
    _finish(engine, row, result, now(), retry, report)


def _joined() -> Any:
    return sa.select(
        deliveries, events.c.series, events.c.event, events.c.season, events.c.network,
        events.c.headline, events.c.url, events.c.source, events.c.reports,
    ).join(events, events.c.id == deliveries.c.event_id)  # fmt: skip


def _alert(row: sa.RowMapping) -> Alert:
    return Alert(
        series=row["series"], event=row["event"], season=row["season"] or None,
        network=row["network"], headline=row["headline"], url=row["url"],
        outlet=row["source"], reports=row["reports"], subscriber=row["subscriber"],
    )  # fmt: skip


def _finish(
    engine: Engine,
    row: sa.RowMapping,
    result: SendResult,
    now: datetime,
    retry: Sequence[timedelta],
    report: DeliveryReport,
) -> None:
    attempts = row["attempts"]  # counted when the row was claimed
    what = f"{row['series']} {row['event']} to {row['subscriber']} ({row['target_label']})"
    if result.ok:
        values: dict[str, Any] = {"status": "sent", "sent_at": now, "last_error": None}
        report.sent += 1
        log.info("alert sent: %s", what)
    elif attempts <= len(retry):
        wait = retry[attempts - 1]
        values = {"status": "retrying", "next_attempt_at": now + wait, "last_error": result.error}
        report.retrying += 1
        log.warning("alert not sent, retry in %s: %s: %s", wait, what, result.error)
    else:
        values = {"status": "dead", "last_error": result.error}
        report.dead += 1
        log.error("alert given up after %d attempts: %s: %s", attempts, what, result.error)
    if result.error:
        report.errors.append(result.error)
    with engine.begin() as conn:
        conn.execute(deliveries.update().where(deliveries.c.id == row["id"]).values(values))


def delivery_counts(engine: Engine) -> dict[str, int]:
    """How many deliveries are in each state (pending, sending, retrying, sent, dead)."""
    query = sa.select(deliveries.c.status, sa.func.count()).group_by(deliveries.c.status)
    with engine.connect() as conn:
        return {status: n for status, n in conn.execute(query)}


def dead_deliveries(engine: Engine, limit: int = 20) -> list[str]:
    """One line per given-up delivery: event, subscriber, target (secrets hidden), error."""
    query = _joined().where(deliveries.c.status == "dead").order_by(deliveries.c.id.desc())
    with engine.connect() as conn:
        rows = conn.execute(query.limit(limit)).mappings().all()
    return [
        f"{r['series']} {r['event']} to {r['subscriber']} ({r['target_label']}): {r['last_error']}"
        for r in rows
    ]
