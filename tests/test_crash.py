"""Crash safety: a daemon killed with SIGKILL while it delivers loses nothing on restart."""

from __future__ import annotations

import json
import random
import signal
import time
from collections import Counter
from pathlib import Path

from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import rss
from test_daemon import daemon

SERIES = [
    "Harbor Lights", "Copper Valley", "The Night Desk", "Glass Orchard", "Signal Hill",
    "Paper Crowns", "Iron Meadow", "The Quiet Coast", "Lantern Row", "Silver Current",
    "North of Nowhere", "The Long Table",
]  # fmt: skip
FANS = ("ann", "ben")
KILLS = 5


def serve_renewals(httpserver: HTTPServer) -> None:
    """A feed that renews every one of SERIES for a third season, one story each."""
    items = [(f"{t} Renewed For Season 3", f"https://tv.example.com/{n}",
              f"<p>The network has renewed {t} for a third season.</p>")
             for n, t in enumerate(SERIES)]  # fmt: skip
    httpserver.expect_request("/feed").respond_with_data(
        rss(items), content_type="application/rss+xml"
    )


def write_config(tmp_path: Path, db_url: str, httpserver: HTTPServer, fans: dict[str, str]) -> Path:
    """A config watching SERIES through that feed, each fan notified at its receiver URL."""
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({
        "version": 1, "database": db_url,
        "sources": [{"name": "trade", "feed": httpserver.url_for("/feed")}],
        "series": [{"title": t} for t in SERIES],
        "subscribers": [{"name": fan, "notify": [url]} for fan, url in fans.items()],
    }))  # fmt: skip
    return config


def test_sigkill_during_delivery_loses_no_alert_and_repeats_at_most_one_per_kill(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    serve_renewals(httpserver)
    rng = random.Random(20261125)
    expected = {(f"/{fan}", f"{t} renewed for season 3") for fan in FANS for t in SERIES}
    with Receiver() as rx:
        rx.slow(0.2)  # each send is in flight for a while, so many kills land mid-send
        config = write_config(
            tmp_path, db_url, httpserver, {fan: rx.url(f"/{fan}") for fan in FANS}
        )
        for _ in range(KILLS):
            with daemon(config) as proc:
                target = len(rx.received) + rng.randint(1, 3)
                deadline = time.monotonic() + 30
                while len(rx.received) < target and time.monotonic() < deadline:
                    time.sleep(0.01)
                time.sleep(rng.uniform(0, 0.25))  # mid-send, between sends, or while marking
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=5)
        assert len({(r.path, r.json()["title"]) for r in rx.received}) < len(expected)
        with daemon(config) as proc:
            deadline = time.monotonic() + 60
            while len({(r.path, r.json()["title"]) for r in rx.received}) < len(expected):
                assert time.monotonic() < deadline, "not every alert arrived after the restarts"
                time.sleep(0.05)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        got = Counter((r.path, r.json()["title"]) for r in rx.received)
    assert set(got) == expected  # nothing lost
    repeats = sum(got.values()) - len(got)
    assert repeats <= KILLS  # at most the one message in flight at each kill


def test_sigterm_during_delivery_finishes_the_message_in_flight_and_repeats_none(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_renewals(httpserver)
    with Receiver() as rx:
        rx.slow(1.0)  # the whole batch takes longer than the daemon waits on SIGTERM
        config = write_config(
            tmp_path, f"sqlite:///{tmp_path / 'r.db'}", httpserver, {"fan": rx.url("/fan")}
        )
        with daemon(config) as proc:
            deadline = time.monotonic() + 30
            while len(rx.received) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        assert len(rx.received) < len(SERIES)
        rx.slow(0)
        with daemon(config) as proc:
            deadline = time.monotonic() + 30
            while len({r.json()["title"] for r in rx.received}) < len(SERIES):
                assert time.monotonic() < deadline, "not every alert arrived after the restart"
                time.sleep(0.05)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        titles = [r.json()["title"] for r in rx.received]
    assert len(titles) == len(set(titles)) == len(SERIES)
