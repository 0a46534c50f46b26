"""PostgreSQL advisory locks: the elected scheduler's lease and one-at-a-time task sections.

Keys are derived from the database and schema, so deployments (and test schemas)
sharing one PostgreSQL server never hold each other's locks. A session lock lives
as long as its connection: a process that dies releases it at once, a machine
that vanishes within the TCP keepalive time set here.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from scraper import DatabaseError, describe_db_error

log = logging.getLogger(__name__)

KEEPALIVE = ("SET tcp_keepalives_idle = 5", "SET tcp_keepalives_interval = 5",
             "SET tcp_keepalives_count = 3")  # fmt: skip
"""The server drops a vanished machine's session, and so its locks, within about 20 s."""


CLIENT_ALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 5,
                "keepalives_count": 3, "connect_timeout": 10}  # fmt: skip


def lock_key(conn: Connection, name: str) -> int:
    """A signed 64-bit advisory lock key for `name` in this database and schema."""
    db, schema = conn.execute(sa.text("SELECT current_database(), current_schema()")).one()
    digest = hashlib.sha256(f"renewal-radar:{db}:{schema}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _try_lock(conn: Connection, key: int) -> bool:
    return bool(conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())


@contextmanager
def section(engine: Engine, name: str) -> Iterator[bool]:
    """Hold the lock `name` for the block if no other process does; yields whether it is held."""
    if engine.dialect.name != "postgresql":
        yield True  # one machine: the store's own transactions serialize writers
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        key = lock_key(conn, name)
        held = _try_lock(conn, key)
        try:
            yield held
        finally:
            if held:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})


class Lease:
    """The scheduler's lease: `pg_try_advisory_lock` on a dedicated connection, checked often."""

    NAME = "leader"

    def __init__(self, engine: Engine) -> None:
        # Its own connection, with client keepalives too: a dead network fails the check
        # within about 20 s instead of hanging the scheduler on a silent socket.
        self.engine = sa.create_engine(engine.url, poolclass=NullPool, connect_args=CLIENT_ALIVE)
        self.conn: Connection | None = None
        self.label = f"renewal-radar run {socket.gethostname()}:{os.getpid()}"

    @property
    def held(self) -> bool:
        return self.conn is not None

    def acquire(self) -> bool:
        """Take the lease if nobody holds it; False (and nothing held) otherwise."""
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except DatabaseError as e:
            log.warning("leader: cannot reach the database: %s", describe_db_error(e))
            return False
        try:
            conn.execute(sa.text("SELECT set_config('application_name', :n, false)"),
                         {"n": self.label[:63]})  # fmt: skip
            for statement in KEEPALIVE:
                conn.exec_driver_sql(statement)
            if _try_lock(conn, lock_key(conn, self.NAME)):
                self.conn = conn
                return True
        except DatabaseError as e:
            log.warning("leader: cannot take the lease: %s", describe_db_error(e))
        conn.close()
        return False

    def check(self) -> bool:
        """Whether the lease is still ours (its connection answers); drops it if not."""
        if self.conn is None:
            return False
        try:
            self.conn.execute(sa.text("SELECT 1"))
            return True
        except DatabaseError as e:
            log.error("leader: lost the database connection, so the lease: %s",
                      describe_db_error(e))  # fmt: skip
            self._drop()
            return False

    def release(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(DatabaseError):  # closing the connection releases it too
                self.conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
            self._drop()

    def _drop(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.close()
            except DatabaseError:
                conn.invalidate()

    def close(self) -> None:
        self.release()
        self.engine.dispose()


def holder(engine: Engine, name: str = Lease.NAME) -> str | None:
    """Who holds lock `name` now: the holder's application name, address and since when."""
    query = sa.text(
        "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
        "AND l.granted AND l.classid::bigint = :hi AND l.objid::bigint = :lo AND l.objsubid = 1"
    )
    with engine.connect() as conn:
        key = lock_key(conn, name) & 0xFFFFFFFFFFFFFFFF
        row = conn.execute(query, {"hi": key >> 32, "lo": key & 0xFFFFFFFF}).first()
    if row is None:
        return None
    where = f" from {row.client_addr}" if row.client_addr else ""
    since = row.backend_start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{row.application_name or 'unknown'}{where}, since {since}"
