"""`run` with `web:` serves the web face beside the daemon, and still stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
from pytest_httpserver import HTTPServer
from stories import marvel_feed
from test_daemon import daemon, read_until
from webface import ENV, free_port, write_config


def test_run_serves_the_board_and_a_healthy_healthz_then_stops_on_sigterm(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        marvel_feed(), content_type="application/rss+xml"
    )
    port = free_port()
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                          httpserver.url_for("/feed"), f"http://127.0.0.1:{port}",
                          listen=f"127.0.0.1:{port}")  # fmt: skip
    os.environ.update(ENV)
    try:
        with daemon(config) as proc:
            read_until(proc, "web: serving on http://127.0.0.1")
            read_until(proc, "tv-trade: 2 new of 2 stories")
            # the stories are stored before the alert job (its own thread) records their events
            deadline, health, board = time.monotonic() + 30, None, ""
            while time.monotonic() < deadline:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                board = httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text
                if health.status_code == 200 and "Renewed for season 2 · Netflix" in board:
                    break
                time.sleep(0.2)
            assert health is not None and health.status_code == 200, health and health.text
            assert "Renewed for season 2 · Netflix" in board
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
    finally:
        for key in ENV:
            os.environ.pop(key, None)
