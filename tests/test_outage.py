"""Exactly once through database outages: a message that went out is never sent again.

Real parts: Apprise delivering to a loopback receiver, a SQLite file locked by
another connection, PostgreSQL cut off by a loopback proxy. The outage starts
while the receiver holds the request, so the send succeeds and only writing its
result fails.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from proxy import Proxy
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import marvel_feed
from test_daemon import daemon, read_until
from test_end_to_end import serve_feed_with_etag, write_config
from test_events import NOW, claim, stored

from alerts import Subscriber, deliver_due, deliveries, record, send
from scraper import Store

LATER = NOW + timedelta(minutes=10)  # well past the 5-minute stale-claim limit


def _queue(store: Store, fan: Subscriber) -> None:
    article = stored(store, 1)
    with store.engine.begin() as conn:
        record(conn, article, [claim()], [fan], NOW)


def _status(store: Store) -> str:
    with store.engine.connect() as conn:
        return str(conn.execute(sa.select(deliveries.c.status)).scalar_one())


def _deliver(store: Store, fan: Subscriber, at: datetime = NOW) -> int:
    return deliver_due(store.engine, [fan], send, lambda: at, [timedelta(minutes=1)]).sent


class SqliteLock:
    """Another connection holding the SQLite file's write lock for `seconds`, then letting go."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path, self.seconds = path, seconds
        self.taken = threading.Event()

    def take(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN EXCLUSIVE")
        self.taken.set()
        threading.Timer(self.seconds, lambda: (conn.rollback(), conn.close())).start()


def test_a_result_that_waits_for_a_locked_sqlite_is_stored_and_never_sent_twice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "r.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    lock = SqliteLock(path, seconds=12)  # longer than the store's 10 s busy timeout
    with Receiver() as rx:
        fan = Subscriber("fan", (rx.url("/fan"),))
        _queue(store, fan)
        rx.on_request(lock.take)
        assert _deliver(store, fan) == 1
        assert lock.taken.is_set()
        assert _deliver(store, fan, LATER) == 0
        assert len(rx.received) == 1
    store.close()
    assert any("result not stored" in r.getMessage() for r in caplog.records)
    assert any("result stored after" in r.getMessage() for r in caplog.records)


@pytest.mark.postgres
def test_a_result_written_through_a_postgresql_outage_is_stored_once_it_is_back(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with Proxy(("127.0.0.1", 5432)) as proxy, Receiver() as rx:
        store = Store(pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}"))
        store.upgrade()
        fan = Subscriber("fan", (rx.url("/fan"),))
        _queue(store, fan)

        def outage() -> None:  # the database goes away mid-send and is back 3 s later
            proxy.cut()
            threading.Timer(3, proxy.restore).start()

        rx.on_request(outage)
        assert _deliver(store, fan) == 1
        rx.on_request(lambda: None)
        assert _status(store) == "sent"
        assert _deliver(store, fan, LATER) == 0
        assert len(rx.received) == 1
        store.close()
    assert any("result not stored" in r.getMessage() for r in caplog.records)


@pytest.mark.postgres
def test_a_claim_whose_result_waits_on_a_lock_is_not_taken_over_however_old(pg_url: str) -> None:
    store = Store(pg_url)
    store.upgrade()
    locker = Store(pg_url)
    other = locker.engine.connect()  # another session, as an operator's long query
    taken = threading.Event()

    def lock() -> None:
        other.execute(sa.text("LOCK TABLE deliveries IN EXCLUSIVE MODE"))  # reads still go
        taken.set()

    with Receiver() as rx:
        fan = Subscriber("fan", (rx.url("/fan"),))
        _queue(store, fan)
        rx.on_request(lock)
        first = threading.Thread(target=_deliver, args=(store, fan))
        first.start()
        assert taken.wait(30)
        # Ten minutes on, as far as any claim's age goes: the sender lives, its claim holds.
        assert _deliver(store, fan, LATER) == 0
        assert _status(store) == "sending"
        other.rollback()
        first.join(60)
        assert not first.is_alive()
        assert _status(store) == "sent"
        assert len(rx.received) == 1
    other.close()
    locker.close()
    store.close()


@pytest.mark.postgres
def test_the_daemon_delivers_once_through_a_postgresql_outage_during_the_send(
    pg_url: str, httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    with Proxy(("127.0.0.1", 5432)) as proxy, Receiver() as rx:

        def outage() -> None:  # the database goes away mid-send and is back 5 s later
            rx.on_request(lambda: None)
            proxy.cut()
            threading.Timer(5, proxy.restore).start()

        rx.on_request(outage)
        proxied = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
        config = write_config(
            tmp_path / "c.yaml", proxied, httpserver.url_for("/tv/feed/"),
            [{"name": "alice", "notify": [rx.url("/a")], "series": ["Jessica Jones"]}],
        )  # fmt: skip
        with daemon(config) as proc:
            read_until(proc, "result not stored", timeout=60)
            read_until(proc, "result stored after", timeout=60)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        assert len(rx.received) == 1
    store = Store(pg_url)
    assert _status(store) == "sent"
    store.close()
