"""What the operator sees and does with the outbox: counts and lines for `status`, requeueing.

The sending itself (claims, retries, crash recovery) is `outbox.py`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .outbox import joined
from .tables import deliveries


def delivery_counts(engine: Engine) -> dict[str, int]:
    """How many deliveries are in each state (pending, sending, retrying, sent, dead)."""
    query = sa.select(deliveries.c.status, sa.func.count()).group_by(deliveries.c.status)
    with engine.connect() as conn:
        return {status: n for status, n in conn.execute(query)}


def delivery_lines(engine: Engine, statuses: Sequence[str], limit: int = 20) -> list[str]:
    """One line per delivery in `statuses`: state, event, fan, target (secrets hidden), error."""
    query = joined().where(deliveries.c.status.in_(statuses)).order_by(deliveries.c.id.desc())
    with engine.connect() as conn:
        rows = conn.execute(query.limit(limit)).mappings().all()
    return [_line(r) for r in rows]


def _line(r: sa.RowMapping) -> str:
    line = f"{r['status']}: {r['series']} {r['event']} to {r['subscriber']} ({r['target_label']})"
    if r["status"] != "dead":
        line += f", next attempt {r['next_attempt_at']:%Y-%m-%d %H:%M} UTC"
    return line + (f": {r['last_error']}" if r["last_error"] else "")


def requeue_dead(engine: Engine, now: datetime, subscriber: str | None = None) -> int:
    """Give dead deliveries a fresh retry ladder, due now; returns how many."""
    where = [deliveries.c.status == "dead"]
    if subscriber is not None:
        where.append(deliveries.c.subscriber == subscriber)
    values = {"status": "retrying", "attempts": 0, "next_attempt_at": now, "claimed_at": None}
    with engine.begin() as conn:
        return conn.execute(deliveries.update().where(*where).values(values)).rowcount
