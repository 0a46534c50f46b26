"""A burst of alerts: one pass sends it all, over one kept connection a host, hosts at once.

Real Apprise to real loopback receivers that keep connections alive and count them; the
outbox on SQLite and PostgreSQL. Sends go through a `Connections`, as the daemon's do.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from drip import Drip
from receivers import Receiver

from alerts import Claim, Connections, SendResult, Subscriber, deliver_due, deliveries, record, send
from alerts.connections import fresh_connections
from scraper import Article, Store

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SECRET = "SECRETTOKEN"


def queue(store: Store, subscribers: list[Subscriber], events: int) -> None:
    """`events` new renewals, each due to every subscriber's targets."""
    for n in range(events):
        article = Article.make(f"https://tv.example.com/{n}", f"Show {n} renewed", "Text.", "trade")
        store.add_articles([article], NOW)
        stored = store.find_article(article.url)
        assert stored is not None
        claim = Claim(f"Show {n}", "renewed", 2, "NBC", 0.9, f"Show {n} was renewed.", "test")
        with store.engine.begin() as conn:
            record(conn, stored, [claim], subscribers, NOW)


def statuses(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(deliveries.c.status)).scalars())


def kept_sender(connections: Connections, timeout: float = 5.0) -> Callable[..., SendResult]:
    return lambda url, title, body: send(url, title, body, timeout, connections)


def test_a_burst_larger_than_a_batch_goes_out_in_one_pass(store: Store) -> None:
    with Receiver(keep_alive=True) as rx, Connections() as connections:
        fans = [Subscriber(f"fan{f}", (rx.url(f"/fan{f}"),)) for f in range(10)]
        queue(store, fans, 25)  # 250 alerts, past the 200 a pass used to stop at

        report = deliver_due(store.engine, fans, kept_sender(connections), lambda: NOW, limit=60)

        assert (report.sent, report.retrying, report.dead) == (250, 0, 0)
        arrived = {(r.path, r.json()["title"]) for r in rx.received}
    assert len(rx.received) == len(arrived) == 250  # each once
    assert set(statuses(store)) == {"sent"}


def test_messages_to_one_host_share_one_connection_and_a_web_fans_do_not() -> None:
    with Receiver(keep_alive=True) as one, Receiver(keep_alive=True) as other:
        with Connections() as connections:
            for n in range(20):
                for rx in (one, other):
                    assert send(rx.url(f"/fan{n % 3}"), f"t{n}", "b", 5.0, connections).ok
        assert (one.connections, other.connections) == (1, 1)
        with Connections() as connections, fresh_connections():  # each checked as it opens
            for n in range(5):
                assert send(one.url("/fan"), f"t{n}", "b", 5.0, connections).ok
        assert one.connections == 1 + 5
        for n in range(5):  # without a pass's connections: Apprise's own, one a message
            assert send(other.url("/fan"), f"t{n}", "b", 5.0).ok
        assert other.connections == 1 + 5
    assert len(one.received) == len(other.received) == 25


def test_different_hosts_are_sent_to_at_once(store: Store) -> None:
    with Receiver(keep_alive=True) as a, Receiver(keep_alive=True) as b:
        b_heard = threading.Event()
        waited: list[bool] = []
        b.on_request(b_heard.set)
        a.on_request(lambda: waited.append(b_heard.wait(10)))  # held until b hears too
        fans = [Subscriber("fan-a", (a.url("/a"),)), Subscriber("fan-b", (b.url("/b"),))]
        queue(store, fans, 1)
        with Connections() as connections:
            report = deliver_due(store.engine, fans, kept_sender(connections), lambda: NOW)
    assert report.sent == 2
    assert waited == [True]  # b's message went while a's was still in flight


def test_a_receiver_that_drips_its_answer_is_cut_at_the_deadline() -> None:
    with Drip(headers_too=True, every=0.1, limit=30) as drip, Connections() as connections:
        url = drip.url.replace("http://", "json://")
        started = time.monotonic()
        result = send(url, "t", "b", 1.0, connections)  # each byte well within the read timeout
        elapsed = time.monotonic() - started
    assert not result.ok
    assert result.error is not None and "timeout" in result.error
    assert 2.5 < elapsed < 6  # the deadline is 1 + 1 + 1 s


def test_a_failed_send_over_a_kept_connection_says_why_and_the_next_one_goes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    with Receiver(keep_alive=True) as rx, Connections() as connections:
        url = f"json://fan:{SECRET}@127.0.0.1:{rx.port}/hook?+X-Api-Key=HEADER{SECRET}"
        rx.fail_first(1, 500)
        failed = send(url, "t", "b", 5.0, connections)
        assert send(url, "t", "b", 5.0, connections).ok
    assert not failed.ok and failed.error is not None
    assert "500" in failed.error and "\n" not in failed.error
    assert SECRET not in failed.error
    assert not [r.getMessage() for r in caplog.records if SECRET in r.getMessage()]
    assert rx.received[0].headers["X-Api-Key"] == f"HEADER{SECRET}"  # the URL's header went
    assert rx.connections == 2  # the failed send's connection was dropped
