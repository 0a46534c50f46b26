"""Ticks: which scheduling interval a source is in, and the claim that lets one worker fetch it.

A tick is the number of a source's `every` interval since the epoch (shifted by a
per-source offset so sources do not all start together). The leader enqueues
`run_source(source, tick)`; a worker inserts the (source, tick) row before it
fetches, so however many workers, retries or leaders send the task, one fetches.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from scraper import insert_for, source_ticks

WORKER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
"""This process as a claimer: host, pid, and run (a restarted container reuses its pid)."""

Verdict = Literal["claimed", "done", "busy", "superseded"]


def tick_of(name: str, every: timedelta, now: datetime) -> int:
    """The interval of `every` that `now` falls in, for source `name` (stable on every machine)."""
    seconds = max(1, int(every.total_seconds()))
    offset = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % seconds
    return int((now.timestamp() + offset) // seconds)


def owner_of(task_id: str) -> str:
    """Who claims a tick: this process and the task (a retry of the task keeps its id)."""
    return f"{WORKER}/{task_id}"


def claim_tick(
    engine: Engine, source: str, tick: int, owner: str, now: datetime, stale: timedelta
) -> Verdict:
    """Claim (source, tick) for `owner`, or say why not.

    `done`: fetched already; `busy`: a live worker fetches it now; `superseded`: a
    later tick of the source has run (a backlog). A claim whose owner died (its
    process is gone, or it is older than `stale`) or is an earlier try of the same
    task is taken over, by exactly one claimer.
    """
    row = {"source": source, "tick": tick, "status": "running", "claimed_by": owner,
           "claimed_at": now}  # fmt: skip
    this = (source_ticks.c.source == source) & (source_ticks.c.tick == tick)
    insert = insert_for(engine, source_ticks).values(row).on_conflict_do_nothing()
    with engine.begin() as conn:
        later = (source_ticks.c.source == source) & (source_ticks.c.tick > tick)
        if conn.execute(sa.select(source_ticks.c.tick).where(later).limit(1)).first():
            return "superseded"
        if conn.execute(insert.returning(source_ticks.c.tick)).first():
            return "claimed"
        held = conn.execute(
            sa.select(
                source_ticks.c.status, source_ticks.c.claimed_by, source_ticks.c.claimed_at
            ).where(this)
        ).one()
    if held.status == "done":
        return "done"
    if not abandoned(held.claimed_by, held.claimed_at, owner, now, stale):
        return "busy"
    takeover = (
        source_ticks.update()
        .where(
            this, source_ticks.c.status == "running", source_ticks.c.claimed_by == held.claimed_by
        )
        .values(claimed_by=owner, claimed_at=now)
    )
    with engine.begin() as conn:
        return "claimed" if conn.execute(takeover).rowcount == 1 else "busy"


def abandoned(holder: str, at: datetime, owner: str, now: datetime, stale: timedelta) -> bool:
    """Whether a running claim's worker is gone: same task retried, dead process, or too old."""
    if holder.partition("/")[2] == owner.partition("/")[2]:
        return True  # an earlier try of this very task: tries run one after another
    if at < now - stale:
        return True
    host, pid = holder.split(":")[:2]
    return host == socket.gethostname() and not process_alive(int(pid))


def process_alive(pid: int) -> bool:
    """Whether process `pid` on this host runs (this process does)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish_tick(
    engine: Engine, source: str, tick: int, owner: str, result: str, now: datetime
) -> None:
    """Mark the tick fetched (with its result), if `owner` still holds it."""
    mine = (
        (source_ticks.c.source == source)
        & (source_ticks.c.tick == tick)
        & (source_ticks.c.claimed_by == owner)
    )
    done = {"status": "done", "finished_at": now, "result": result}
    with engine.begin() as conn:
        conn.execute(source_ticks.update().where(mine).values(done))


def release_tick(engine: Engine, source: str, tick: int, owner: str) -> None:
    """Give a claim back after a failed try, so the retry (or another worker) can take it."""
    mine = (
        (source_ticks.c.source == source)
        & (source_ticks.c.tick == tick)
        & (source_ticks.c.claimed_by == owner)
        & (source_ticks.c.status == "running")
    )
    with engine.begin() as conn:
        conn.execute(source_ticks.delete().where(mine))


def prune_ticks(engine: Engine, before: datetime) -> int:
    """Forget finished ticks claimed before `before`; the latest of each source stays."""
    latest = (
        sa.select(source_ticks.c.source, sa.func.max(source_ticks.c.tick).label("tick"))
        .group_by(source_ticks.c.source)
        .subquery()
    )
    keep = sa.select(latest.c.tick).where(latest.c.source == source_ticks.c.source)
    old = (source_ticks.c.claimed_at < before) & (source_ticks.c.status == "done")
    with engine.begin() as conn:
        gone = conn.execute(
            source_ticks.delete().where(old, source_ticks.c.tick < keep.scalar_subquery())
        )
        return int(gone.rowcount)
