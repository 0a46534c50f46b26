"""Delivery as an operator sees it: timeouts both ways, retries at their time, one line a send."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from receivers import Receiver, closed_port
from stories import marvel_feed
from test_daemon import ROOT, daemon, read_until
from test_end_to_end import once, serve_feed_with_etag, write_config

from alerts import deliveries
from scraper import Store

JJ = ["Jessica Jones"]


def _statuses(db: Path) -> list[str]:
    store = Store(f"sqlite:///{db}")
    with store.engine.connect() as conn:
        found = list(conn.execute(sa.select(deliveries.c.status)).scalars())
    store.close()
    return found


def _alice(tmp_path: Path, httpserver: HTTPServer, rx: Receiver, **delivery: object) -> Path:
    """A config: alice, watching Jessica Jones at `rx`, with these `delivery` settings."""
    return write_config(
        tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", httpserver.url_for("/tv/feed/"),
        [{"name": "alice", "notify": [rx.url("/a")], "series": JJ}], delivery=delivery,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("answer_in", "timeout", "status"),
    [(6, "15s", "sent"), (3, "1s", "retrying")],  # Apprise's own read timeout is 4 s
    ids=["longer-than-apprises", "shorter-than-apprises"],
)
def test_the_delivery_timeout_is_apprises_read_timeout_both_ways(
    httpserver: HTTPServer, tmp_path: Path, answer_in: float, timeout: str, status: str
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    with Receiver() as rx:
        rx.slow(answer_in)
        config = _alice(tmp_path, httpserver, rx, timeout=timeout)
        assert once(config) == 0
        assert once(config) == 0  # nothing due: a sent alert is not sent again
        assert len(rx.received) == 1
    assert _statuses(tmp_path / "r.db") == [status]


def test_a_due_retry_goes_out_at_its_time_not_at_the_next_minute_tick(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    arrived: list[float] = []
    with Receiver() as rx:
        rx.fail_first(1)
        rx.on_request(lambda: arrived.append(time.monotonic()))
        config = _alice(tmp_path, httpserver, rx, retry=["3s"])
        with daemon(config) as proc:
            read_until(proc, "alert not sent, retry in 3s: Jessica Jones renewed to alice")
            read_until(proc, "alert sent: Jessica Jones renewed to alice", timeout=90)
            proc.terminate()
            proc.wait(timeout=10)
    assert len(arrived) == 2
    assert arrived[1] - arrived[0] < 30  # the alert job ticks every 60 s


def test_each_send_is_one_log_line_naming_fan_target_event_and_outcome(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    refused = closed_port()
    with Receiver() as rx:
        subscribers = [
            {"name": "alice", "notify": [rx.url("/a")], "series": JJ},
            {"name": "bob", "notify": [f"json://127.0.0.1:{refused}/b"], "series": JJ},
        ]
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
            httpserver.url_for("/tv/feed/"), subscribers,
        )  # fmt: skip
        run = subprocess.run(
            [sys.executable, "-m", "scheduler", "-c", str(config), "once"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    lines = run.stderr.splitlines()
    alice = [line for line in lines if f":{rx.port}/" in line or "alice" in line]
    bob = [line for line in lines if f":{refused}" in line or "bob" in line]
    assert len(alice) == 1, run.stderr
    assert len(bob) == 1, run.stderr
    assert f"alert sent: Jessica Jones renewed to alice (json://127.0.0.1:{rx.port}/a" in alice[0]
    assert "alert not sent, retry in 1m: Jessica Jones renewed to bob (json://" in bob[0]
    assert "Connection" in bob[0]  # Apprise's reason, said once, in our line
