"""Who holds a delivery while it is sent: claims, their results written through outages, orphans.

A row is claimed (`sending`, with who claimed it) before its message goes out and
settled (`sent`, `retrying`, `dead`) after. Once a message went out, its result is
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


def claim(engine: Engine, delivery_id: int, now: datetime, due: Any) -> bool:
    """Take one row that is `due` for this process; False if another worker has it."""
    values = {
        "status": "sending",
        "claimed_at": now,
        "claimed_by": WORKER,
        "attempts": deliveries.c.attempts + 1,
    }
    update = deliveries.update().where(deliveries.c.id == delivery_id, due).values(values)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # a row another worker is claiming is skipped
            pick = sa.select(deliveries.c.id).where(deliveries.c.id == delivery_id, due)
            if conn.execute(pick.with_for_update(skip_locked=True)).first() is None:
                return False
        return conn.execute(update).rowcount == 1


@contextmanager
def holding(engine: Engine, ids: Sequence[int], now: Callable[[], datetime]) -> Iterator[None]:
    """Keep this process's claim on `ids` fresh while their message is in flight.

    The claim time is renewed every `RENEW_EVERY`, so a send longer than `STALE_CLAIM`
    (a long `delivery.timeout`) never looks stale to another host.
    """
    done = threading.Event()

    def renew() -> None:
        mine = (deliveries.c.id.in_(ids), deliveries.c.claimed_by == WORKER, _SENDING)
        while not done.wait(RENEW_EVERY.total_seconds()):
            # In an outage the result's writer says so; the claim is renewed once it is over.
            with suppress(DatabaseError), engine.begin() as conn:
                conn.execute(deliveries.update().where(*mine).values(claimed_at=now()))

    threading.Thread(target=renew, name="renew-claim", daemon=True).start()
    try:
        yield
    finally:
        done.set()


def settle(engine: Engine, delivery_id: int, values: dict[str, Any], what: str) -> None:
    """Write a claimed row's result, trying until the database takes it.

    Giving up would leave the row `sending` and its message could go out again, so
    a database that is down, locked or read-only holds this thread until it is back
    (or the process dies: then the restart frees the row, the crash case).
    """
    update = deliveries.update().where(deliveries.c.id == delivery_id).values(values)
    tries = 0
    while True:
        try:
            with engine.begin() as conn:
                conn.execute(update)
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
