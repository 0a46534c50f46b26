"""The reliability bench's database outages during a send: SQLite locked, PostgreSQL cut off.

Each is a receiver route that takes the database away before it answers the first alert and
gives it back `HOLD` seconds later (longer than the store's 10 s SQLite busy timeout), so
the sender's write of the result fails while its alert is already out. PostgreSQL gets a
database of its own, created for the case and dropped after it (never the shared `test`
database): connections to it are refused and the sender's are terminated.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from loopback import Request, Route, respond

HOLD = 13.0
PG_ADMIN = os.environ.get("RENEWAL_RADAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def sqlite_lock(db: Path) -> Route:
    """Takes the write lock before answering the first alert; releases it `HOLD` s later."""
    first = threading.Event()

    def answer(req: Request, out: BinaryIO) -> None:
        if first.is_set():
            return respond(out, b"", kind="text/plain")
        first.set()
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        respond(out, b"", kind="text/plain")
        time.sleep(HOLD)
        conn.execute("ROLLBACK")
        conn.close()

    return answer


@contextmanager
def postgres_database() -> Iterator[tuple[str, Route] | None]:
    """A fresh PostgreSQL database's URL and the route that cuts it off; None when PostgreSQL
    is not reachable on loopback."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except Exception:
        yield None
        return
    name = f"rr_bench_{uuid.uuid4().hex[:10]}"
    admin.execute(f"CREATE DATABASE {name}")
    base = PG_ADMIN.rsplit("/", 1)[0]

    first = threading.Event()

    def answer(req: Request, out: BinaryIO) -> None:
        if first.is_set():
            return respond(out, b"", kind="text/plain")
        first.set()
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        respond(out, b"", kind="text/plain")
        time.sleep(HOLD)
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")

    try:
        yield f"{base}/{name}", answer
    finally:
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        admin.close()
