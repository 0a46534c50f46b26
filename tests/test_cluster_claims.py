"""The scale-out's claims on PostgreSQL: one fetch per (source, tick), one leader, one pass."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from cluster_harness import cli
from receivers import closed_port

pytest.importorskip("celery", reason="the celery extra is not installed (pip install -e '.[dev]')")

from cluster import Lease, claim_tick, finish_tick, holder, section, tick_of
from cluster.ticks import WORKER, owner_of
from scraper import Store

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
STALE = timedelta(minutes=10)


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = Store(pg_url)
    store.upgrade()
    yield store
    store.close()


def dead_owner(task: str = "t-dead") -> str:
    """A claimer on this host whose process has exited."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return f"{socket.gethostname()}:{proc.stdout.strip()}:0000/{task}"


def test_a_tick_is_claimed_once_and_then_is_done(pg_store: Store) -> None:
    engine = pg_store.engine
    assert claim_tick(engine, "a", 7, owner_of("t1"), NOW, STALE) == "claimed"
    assert claim_tick(engine, "a", 7, owner_of("t2"), NOW, STALE) == "busy"  # alive, here
    finish_tick(engine, "a", 7, owner_of("t1"), "ok", NOW)
    assert claim_tick(engine, "a", 7, owner_of("t3"), NOW, STALE) == "done"
    assert claim_tick(engine, "a", 6, owner_of("t4"), NOW, STALE) == "superseded"
    assert claim_tick(engine, "b", 7, owner_of("t5"), NOW, STALE) == "claimed"


def test_a_dead_or_stale_claim_or_an_earlier_try_is_taken_over_once(pg_store: Store) -> None:
    engine = pg_store.engine
    assert claim_tick(engine, "a", 1, dead_owner(), NOW, STALE) == "claimed"
    assert claim_tick(engine, "a", 1, owner_of("t1"), NOW, STALE) == "claimed"  # pid gone
    assert claim_tick(engine, "a", 1, owner_of("t2"), NOW, STALE) == "busy"
    assert claim_tick(engine, "a", 1, owner_of("t1"), NOW, STALE) == "claimed"  # its retry
    far = "elsewhere.example:1:0000/t9"
    assert claim_tick(engine, "b", 1, far, NOW, STALE) == "claimed"
    assert claim_tick(engine, "b", 1, owner_of("t3"), NOW + STALE / 2, STALE) == "busy"
    assert claim_tick(engine, "b", 1, owner_of("t3"), NOW + STALE * 2, STALE) == "claimed"
    assert WORKER in owner_of("t3")


def test_ticks_follow_the_clock_the_same_way_on_every_machine() -> None:
    every = timedelta(minutes=10)
    first = tick_of("deadline-tv", every, NOW)
    assert tick_of("deadline-tv", every, NOW + every) == first + 1
    within = {tick_of("deadline-tv", every, NOW + timedelta(seconds=s)) for s in range(0, 600, 7)}
    assert within == {first, first + 1}  # one boundary, at the source's own offset


def test_one_lease_at_a_time_and_the_holder_is_named(pg_store: Store) -> None:
    first, second = Lease(pg_store.engine), Lease(pg_store.engine)
    assert first.acquire() and first.check()
    assert not second.acquire()
    named = holder(pg_store.engine)
    assert named is not None and named.startswith(first.label)
    first.release()
    assert holder(pg_store.engine) is None
    assert second.acquire()
    second.close()
    first.close()


def test_a_section_runs_in_one_process_at_a_time(pg_store: Store) -> None:
    engine = pg_store.engine
    with (
        section(engine, "detect") as outer,
        section(engine, "detect") as inner,
        section(engine, "x") as other,
    ):
        assert (outer, inner, other) == (True, False, True)
    with section(pg_store.engine, "detect") as again:
        assert again


def test_a_leader_whose_session_ends_knows_it_and_another_takes_over(pg_store: Store) -> None:
    first, second = Lease(pg_store.engine), Lease(pg_store.engine)
    assert first.acquire() and first.conn is not None
    backend = first.conn.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    with pg_store.engine.connect() as admin:
        admin.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": backend})
    deadline = time.monotonic() + 30  # the server ends the session, and so its lock, soon
    while not second.acquire():
        assert time.monotonic() < deadline, "the lock outlived its terminated session"
        time.sleep(0.1)
    assert not first.check() and not first.held  # and the old leader stops scheduling
    assert not first.acquire()
    second.close()
    first.close()


def test_status_says_so_in_one_line_when_the_broker_is_down(pg_url: str, tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    broker = f"redis://127.0.0.1:{closed_port()}/0"
    config.write_text(json.dumps({"version": 1, "executor": "celery", "database": pg_url,
                                  "broker_url": broker, "celery": {"queue": "q1"}}))  # fmt: skip
    done = cli(config, "status")
    assert done.returncode == 0, done.stderr
    assert "leader: none (no `run` holds the lease)" in done.stdout
    assert "queue q1: broker unreachable (ConnectionError)" in done.stdout
