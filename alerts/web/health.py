"""The daemon's heartbeat and what `/healthz` reports: database, scheduler, last fetch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from scraper import DatabaseError, describe_db_error, insert_for

from ..config import format_duration
from ..tables import heartbeats

SCHEDULER = "scheduler"

_sources = sa.table("sources", sa.column("last_success_at"))


def beat(engine: Engine, now: datetime, name: str = SCHEDULER) -> None:
    """Record that `name` (the daemon's scheduler) is alive at `now`."""
    upsert = insert_for(engine, heartbeats).values(name=name, at=now)
    with engine.begin() as conn:
        conn.execute(upsert.on_conflict_do_update(index_elements=["name"], set_={"at": now}))


@dataclass(frozen=True, slots=True)
class Health:
    """One look at the service: `ok` is what decides 200 or 503."""

    ok: bool
    database: str
    heartbeat_age: float | None  # seconds; None: never beat
    fetch_age: float | None  # seconds since the last successful fetch; None: never
    problems: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "unhealthy",
            "database": self.database,
            "scheduler_heartbeat_age_seconds": self.heartbeat_age,
            "last_fetch_age_seconds": self.fetch_age,
            "problems": list(self.problems),
        }


def check(
    engine: Engine, now: datetime, stale_heartbeat: timedelta, stale_fetch: timedelta
) -> Health:
    try:
        with engine.connect() as conn:
            beat_at = conn.execute(
                sa.select(heartbeats.c.at).where(heartbeats.c.name == SCHEDULER)
            ).scalar()
            fetched_at = conn.execute(sa.select(sa.func.max(_sources.c.last_success_at))).scalar()
    except DatabaseError as e:
        problem = f"database: {describe_db_error(e)}"
        return Health(False, "error", None, None, (problem,))
    beat_age = _age(now, beat_at)
    fetch_age = _age(now, fetched_at)
    problems = []
    if beat_age is None or beat_age > stale_heartbeat.total_seconds():
        problems.append("scheduler: no heartbeat within " + format_duration(stale_heartbeat))
    if fetch_age is None or fetch_age > stale_fetch.total_seconds():
        problems.append("sources: no successful fetch within " + format_duration(stale_fetch))
    return Health(not problems, "ok", beat_age, fetch_age, tuple(problems))


def _age(now: datetime, then: Any) -> float | None:
    if then is None:
        return None
    at = datetime.fromisoformat(then) if isinstance(then, str) else then  # SQLite's max(): text
    if at.tzinfo is None:
        at = at.replace(tzinfo=now.tzinfo)
    return round(float((now - at).total_seconds()), 1)
