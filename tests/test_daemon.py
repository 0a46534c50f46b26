"""The daemon as an operator runs it: a process that polls, alerts, and stops on a signal."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import marvel_feed, rss
from test_end_to_end import serve_feed_with_etag, write_config

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def daemon(config: Path) -> Iterator[subprocess.Popen[str]]:
    """`renewal-radar run` in its own process; killed and reaped if a test leaves it running."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "scheduler", "-c", str(config), "run"],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()


def read_until(proc: subprocess.Popen[str], needle: str, timeout: float = 20) -> list[str]:
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return lines
    pytest.fail(f"no {needle!r} in the daemon's log:\n{''.join(lines)}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_daemon_polls_alerts_and_stops_cleanly_on_a_signal(
    httpserver: HTTPServer, tmp_path: Path, sig: signal.Signals
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    with Receiver() as rx:
        subscribers = [{"name": "alice", "notify": [rx.url("/a")]}]
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
            httpserver.url_for("/tv/feed/"), subscribers,
        )  # fmt: skip
        with daemon(config) as proc:
            read_until(proc, "tv-trade: 2 new of 2 stories")
            read_until(proc, "alert sent: Jessica Jones renewed to alice")
            began = time.monotonic()
            proc.send_signal(sig)
            assert proc.wait(timeout=10) == 0
            assert time.monotonic() - began < 10
        assert len(rx.received) == 1


def test_daemon_stops_within_10_seconds_while_a_feed_hangs(tmp_path: Path) -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
    port = silent.getsockname()[1]
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({
        "version": 1, "database": f"sqlite:///{tmp_path / 'r.db'}",
        "sources": [{"name": "slow", "feed": f"http://127.0.0.1:{port}/feed"}],
    }))  # fmt: skip
    with silent, daemon(config) as proc:
        read_until(proc, "running: 1 source,")
        time.sleep(1.0)  # the poll is now waiting on the server
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=12) == 0
        assert time.monotonic() - began < 10


def test_an_edited_config_takes_effect_and_a_broken_edit_keeps_the_daemon_running(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    cancelled = rss([("Netflix Cancels Iron Fist After Two Seasons",
                      "https://tv.example.com/2018/10/iron-fist-cancelled/",
                      "<p>Netflix has cancelled Iron Fist after two seasons.</p>")])  # fmt: skip
    httpserver.expect_request("/other/feed/").respond_with_data(
        cancelled, content_type="application/rss+xml"
    )
    config = write_config(
        tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
        httpserver.url_for("/tv/feed/"), [],
    )  # fmt: skip
    good = json.loads(config.read_text())
    with Receiver() as rx, daemon(config) as proc:
        read_until(proc, "tv-trade: 2 new of 2 stories")
        broken = {**good, "series": [{"aliases": ["x"]}, *good["series"][1:]]}
        config.write_text(json.dumps(broken))
        proc.send_signal(signal.SIGHUP)
        read_until(proc, "still running with the previous config")
        read_until(proc, "series[0].title: field required")
        edited = {
            **good,
            "sources": [*good["sources"],
                        {"name": "other", "feed": httpserver.url_for("/other/feed/")}],
            "subscribers": [{"name": "alice", "notify": [rx.url("/a")]}],
        }  # fmt: skip
        config.write_text(json.dumps(edited))  # no signal: the daemon sees the file change
        read_until(proc, "reloaded: 2 sources, 5 series, 1 subscriber")
        read_until(proc, "other: 1 new of 1 story")
        read_until(proc, "alert sent: Iron Fist cancelled to alice")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert [r.json()["title"] for r in rx.received] == [
        "Iron Fist cancelled after season 2 (Netflix)"
    ]
