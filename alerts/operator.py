"""What the operator sees and does with the outbox: counts and lines for `status`, requeueing,
and labels brought up to date.

The sending itself (claims, retries, crash recovery) is `outbox.py`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .deliver import target_key, target_label
from .events import Subscriber
from .outbox import joined, outlet_counts
from .secrets import known, mask
from .tables import deliveries


def delivery_counts(engine: Engine) -> dict[str, int]:
    """How many deliveries are in each state (pending, sending, retrying, sent, dead)."""
    query = sa.select(deliveries.c.status, sa.func.count()).group_by(deliveries.c.status)
    with engine.connect() as conn:
        return {status: n for status, n in conn.execute(query)}


def delivery_lines(
    engine: Engine,
    statuses: Sequence[str],
    limit: int = 20,
    subscribers: Sequence[Subscriber] = (),
) -> list[str]:
    """One line per delivery in `statuses`: state, event, fan, target (secrets hidden), error,
    and for a pending one what it waits for (a digest, quiet hours, more outlets)."""
    query = joined().where(deliveries.c.status.in_(statuses)).order_by(deliveries.c.id.desc())
    with engine.connect() as conn:
        rows = conn.execute(query.limit(limit)).mappings().all()
        outlets = outlet_counts(conn, {r["event_id"] for r in rows})
    subs = {s.name: s for s in subscribers}
    return [_line(r, outlets.get(r["event_id"], 1), subs.get(r["subscriber"])) for r in rows]


def _line(r: sa.RowMapping, outlets: int, sub: Subscriber | None) -> str:
    line = f"{r['status']}: {r['series']} {r['event']} to {r['subscriber']} ({r['target_label']})"
    if r["status"] != "dead":
        line += f", next attempt {r['next_attempt_at']:%Y-%m-%d %H:%M} UTC"
    why = _waits_for(r, outlets, sub) if sub is not None and r["status"] == "pending" else None
    line += f" ({why})" if why else ""
    return mask(line + (f": {r['last_error']}" if r["last_error"] else ""))  # a row of old


def _waits_for(r: sa.RowMapping, outlets: int, sub: Subscriber) -> str | None:
    """What a pending delivery waits for, as `deliver_due` decides it."""
    timing = sub.timing
    if outlets < sub.min_reports:
        return f"waiting for {sub.min_reports} outlets to report it, {outlets} so far"
    if timing.mode == "digest":
        return f"daily digest at {timing.digest_at:%H:%M} {timing.zone}"
    due = r["next_attempt_at"]
    due = due if due.tzinfo else due.replace(tzinfo=UTC)  # SQLite keeps no zone: stored in UTC
    if timing.quiet and timing.after_quiet(due - timedelta(seconds=1)) == due:
        start, end = timing.quiet
        return f"after quiet hours {start:%H:%M}-{end:%H:%M} {timing.zone}"
    return None


def requeue_dead(engine: Engine, now: datetime, subscriber: str | None = None) -> int:
    """Give dead deliveries a fresh retry ladder, due now; returns how many."""
    where = [deliveries.c.status == "dead"]
    if subscriber is not None:
        where.append(deliveries.c.subscriber == subscriber)
    values = {"status": "retrying", "attempts": 0, "next_attempt_at": now, "claimed_at": None}
    with engine.begin() as conn:
        return conn.execute(deliveries.update().where(*where).values(values)).rowcount


def relabel(engine: Engine, subscribers: Sequence[Subscriber]) -> int:
    """Store each configured target's current label on its rows; returns how many changed.

    Labels are written when a row is queued; one written by an older release (which
    showed more of a webhook URL) or for a URL since reworded is replaced, in the
    row's last error too, so `status` and maintainer messages show only today's form.
    """
    fresh = {target_key(url): target_label(url) for s in subscribers for url in s.targets}
    pairs = sa.select(deliveries.c.target_key, deliveries.c.target_label).distinct()
    with engine.connect() as conn:
        stale = [(k, old) for k, old in conn.execute(pairs) if k in fresh and old != fresh[k]]
    changed = 0
    for key, old in stale:
        new = fresh[key]
        values = {
            "target_label": new,
            "last_error": sa.func.replace(deliveries.c.last_error, old, new),
        }
        where = (deliveries.c.target_key == key, deliveries.c.target_label == old)
        with engine.begin() as conn:
            changed += conn.execute(deliveries.update().where(*where).values(values)).rowcount
    if _mask_stored(engine) or changed:
        _vacuum(engine)
    return changed


def _mask_stored(engine: Engine) -> int:
    """Mask every `${VAR}` value left in a label or an error (by an older release); how many."""
    cols = (deliveries.c.target_label, deliveries.c.last_error)
    found = [col.contains(form, autoescape=True) for form in known() for col in cols]
    if not found:
        return 0
    with engine.connect() as conn:
        rows = conn.execute(sa.select(deliveries.c.id, *cols).where(sa.or_(*found))).all()
    for row_id, label, error in rows:
        values = {"target_label": mask(label), "last_error": error and mask(error)}
        with engine.begin() as conn:
            conn.execute(deliveries.update().where(deliveries.c.id == row_id).values(values))
    return len(rows)


def _vacuum(engine: Engine) -> None:
    """On SQLite, rewrite the file so no copy of a replaced label stays in its free pages."""
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL's autovacuum reclaims the old row versions
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.close()
