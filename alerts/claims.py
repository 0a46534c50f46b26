"""Who holds a delivery while it is sent: claims, their results written through outages, orphans.

Rows are claimed (`sending`, with who claimed it) a batch at a time before their
messages go out, and each message's rows are settled (`sent`, `retrying`, `dead`)
as soon as it has gone. A claimed row whose message has not started yet was never
sent, so freeing it after a crash sends it once; only a message sent but not yet
settled can go out twice. Once a message went out, its result is
written until the database takes it: the process that sent it never sends it again.
A claim is freed only when its sender is gone: on this host, when its process has
ended; from another host, when it has been stale for `STALE_CLAIM` and still is
`STALE_CONFIRM` later (a live sender renews its claim while it sends, and writes its
result as soon as the database is back, well within that). A claim of this very
process is never taken over.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from scraper import DatabaseError, describe_db_error, on_wallclock

from .tables import deliveries

log = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=5)
"""A `sending` row of another host older than this may have been left by a crash."""

STALE_CONFIRM = timedelta(minutes=1)
"""How long such a row must stay stale after it was first seen so before it is due again."""

WORKER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
"""Who claims rows: this host, process, and run (a restarted container reuses its pid)."""

RENEW_EVERY = timedelta(minutes=1)
"""How often the claim of a message in flight is renewed."""

WRITE_PAUSES = (0.5, 1.0, 2.0, 5.0)
"""Seconds between tries to write a sent message's result; the last one repeats."""

_SENDING = deliveries.c.status == "sending"

REMIND_EVERY = 60
"""A result still not stored is logged again every this many tries (about 5 minutes)."""


def claim(engine: Engine, ids: Sequence[int], now: datetime, due: Any) -> dict[int, int]:
    """Take the rows of `ids` that are `due`, in one transaction: {id: its attempts now}.

    A row another worker took first (or is taking, on PostgreSQL) is left out.
    """
    if not ids:
        return {}
    values = {
        "status": "sending",
        "claimed_at": now,
        "claimed_by": WORKER,
        "attempts": deliveries.c.attempts + 1,
    }
    with engine.begin() as conn:
        picked = list(ids)
        if conn.dialect.name == "postgresql":  # rows another worker is claiming are skipped
            pick = sa.select(deliveries.c.id).where(deliveries.c.id.in_(picked), due)
            picked = list(conn.execute(pick.with_for_update(skip_locked=True)).scalars())
            if not picked:
                return {}
        update = deliveries.update().where(deliveries.c.id.in_(picked), due).values(values)
        taken = conn.execute(update.returning(deliveries.c.id, deliveries.c.attempts))
        return {row_id: attempts for row_id, attempts in taken}


def release(engine: Engine, rows: Sequence[tuple[int, str]]) -> None:
    """Give back claimed rows whose message never started (a stop): (id, status before).

    The attempt the claim counted is taken back; the rows are due again as they were.
    """
    with engine.begin() as conn:
        for row_id, status in rows:
            mine = (deliveries.c.id == row_id, deliveries.c.claimed_by == WORKER, _SENDING)
            back = {"status": status, "claimed_by": None, "attempts": deliveries.c.attempts - 1}
            conn.execute(deliveries.update().where(*mine).values(back))


@contextmanager
def holding(engine: Engine, now: Callable[[], datetime]) -> Iterator[None]:
    """Keep this process's claims fresh while a delivery pass runs.

    The claim time of every row this process has `sending` is renewed every
    `RENEW_EVERY`, so a send longer than `STALE_CLAIM` (a long `delivery.timeout`),
    or a row waiting behind it, never looks stale to another host.
    """
    done = threading.Event()

    def renew() -> None:
        mine = (deliveries.c.claimed_by == WORKER, _SENDING)
        while not done.wait(RENEW_EVERY.total_seconds()):
            # In an outage the result's writer says so; the claim is renewed once it is over.
            with suppress(DatabaseError), engine.begin() as conn:
                conn.execute(deliveries.update().where(*mine).values(claimed_at=now()))

    threading.Thread(target=renew, name="renew-claims", daemon=True).start()
    try:
        yield
    finally:
        done.set()


_SETTLE = deliveries.update().where(deliveries.c.id == sa.bindparam("row_id"))
"""One row's result; its SET clause is the values given (built once, compiled once a shape)."""


def settle(
    engine: Engine,
    results: Sequence[tuple[int, dict[str, Any]]],
    what: str,
    held: sa.Connection | None = None,
) -> None:
    """Write the results of claimed rows (id, values) in one transaction, trying until the
    database takes it; on `held` (a connection the caller keeps for its sends) first.

    Giving up would leave the rows `sending` and their message could go out again, so
    a database that is down, locked or read-only holds this thread until it is back
    (or the process dies: then the restart frees the rows, the crash case).
    """
    tries = 0
    own = held is not None and len(results) > 1 and held.dialect.name == "postgresql"
    while True:
        try:
            if held is not None and tries == 0 and not own:
                _write(held, results)
            else:  # a connection of its own: the held one may be what broke (or commits alone)
                with engine.connect() as conn:
                    _write(conn, results)
        except DatabaseError as e:
            if tries % REMIND_EVERY == 0:
                log.error("%s: result not stored (%s); trying again until the database takes it"
                          " (%d tries so far)", what, describe_db_error(e), tries)  # fmt: skip
            time.sleep(WRITE_PAUSES[min(tries, len(WRITE_PAUSES) - 1)])
            tries += 1
            continue
        if tries:
            log.warning("%s: result stored after %d failed tries", what, tries)
        return


def _write(conn: sa.Connection, results: Sequence[tuple[int, dict[str, Any]]]) -> None:
    if len(results) == 1 and conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        row_id, values = results[0]  # one row's UPDATE is atomic on its own: one round trip
        conn.execute(_SETTLE, {"row_id": row_id, **values})
        return
    with conn.begin():
        for row_id, values in results:
            conn.execute(_SETTLE, {"row_id": row_id, **values})


@contextmanager
def writer(engine: Engine) -> Iterator[sa.Connection | None]:
    """A connection to hold for `settle` while one sender's messages go out, one by one.

    On PostgreSQL it commits each statement itself, so a one-row result is one round
    trip instead of three (BEGIN, UPDATE, COMMIT); a message of several rows still
    writes them in one transaction (on a connection of its own). SQLite's BEGIN costs
    no round trip, and it needs BEGIN IMMEDIATE to wait for its lock.
    """
    try:
        conn = engine.connect()
    except DatabaseError:  # `settle` finds a connection of its own, through the outage
        yield None
        return
    with conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT")
        yield conn


def release_orphans(engine: Engine, now: datetime) -> int:
    """Free `sending` rows whose sender is gone; they are due again now. Returns how many.

    A stale claim of another host is first marked (its `next_attempt_at`, unused while
    `sending`, set `STALE_CONFIRM` ahead, in the database so any process of any host sees
    it) and freed once that time has come with the claim unchanged.
    """
    cols = (deliveries.c.id, deliveries.c.claimed_by, deliveries.c.claimed_at)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*cols, deliveries.c.next_attempt_at).where(_SENDING)).all()
    host = WORKER.split(":")[0]
    gone: list[tuple[int, str | None, datetime | None]] = []
    for row_id, owner, at, mark in rows:
        if owner and owner.split(":")[0] == host:
            if not _alive(owner, at):
                gone.append((row_id, owner, at))
        elif at is None or at <= now - STALE_CLAIM:
            if at is None or at + STALE_CLAIM < mark <= now:
                gone.append((row_id, owner, at))
            elif mark <= at + STALE_CLAIM:  # not marked since this claim was made
                _set_if_held(engine, (row_id, owner, at), {"next_attempt_at": now + STALE_CONFIRM})
    values = {"status": "retrying", "next_attempt_at": now, "claimed_by": None}
    freed = sum(_set_if_held(engine, held, values) for held in gone)
    if freed:
        log.warning("%d deliveries whose sender is gone (a crash) are due again", freed)
    return freed


def _set_if_held(
    engine: Engine, held: tuple[int, str | None, datetime | None], values: dict[str, Any]
) -> int:
    """Update a `sending` row only if it is still held by that claim (owner and time)."""
    row_id, owner, at = held
    mine = deliveries.c.claimed_by == owner if owner else deliveries.c.claimed_by.is_(None)
    when = deliveries.c.claimed_at == at if at else deliveries.c.claimed_at.is_(None)
    update = deliveries.update().where(deliveries.c.id == row_id, _SENDING, mine, when)
    with engine.begin() as conn:
        changed: int = conn.execute(update.values(values)).rowcount
    return changed


def _alive(owner: str, claimed_at: datetime | None = None) -> bool:
    """Whether the process that wrote `owner` ("host:pid:run", or "host:pid" before) runs.

    A process with that id that started after the claim is another one (the id was reused).
    """
    if owner == WORKER:
        return True
    pid = int(owner.split(":")[1])
    if pid == os.getpid():
        return False  # an earlier run of this process id: a container restarted, say
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    started = _started(pid)  # on the wall clock, as the claim's time is once unskewed
    if started is None or claimed_at is None:
        return True
    return started <= on_wallclock(claimed_at).timestamp() + 2


def _started(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch), where /proc tells; else None."""
    try:
        with open(f"/proc/{pid}/stat") as stat, open("/proc/stat") as system:
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            boot = next(int(line.split()[1]) for line in system if line.startswith("btime "))
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")
