"""Back-off as an operator sees it: Retry-After obeyed and shown, said once when it starts and
once when it ends; in the daemon a feed that drips is cut at its deadline and reported."""

from __future__ import annotations

import json
import logging
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from drip import Drip
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import marvel_feed
from test_daemon import daemon, read_until
from test_end_to_end import write_config
from werkzeug import Request, Response

import scheduler
from alerts import load_config
from scraper import on_wallclock, utcnow, wallclock


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now


def test_retry_after_sets_the_next_poll_shows_in_status_and_is_logged_twice(
    httpserver: HTTPServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    answers = [Response("busy", status=429, headers={"Retry-After": "3600"})]

    def handler(request: Request) -> Response:
        return answers[0]

    httpserver.expect_request("/feed").respond_with_handler(handler)
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                          httpserver.url_for("/feed"), [])  # fmt: skip
    clock = Clock()
    radar = scheduler.Radar(load_config(config), now=clock)
    radar.store.upgrade()
    caplog.set_level(logging.DEBUG, logger="renewal_radar")
    try:
        first = radar.poll("tv-trade")
        assert first is not None and first.status == "error"
        assert first.next_attempt_at == clock.now + timedelta(hours=1)  # not the 10m back-off
        started = clock.now
        for minutes in (10, 20, 30, 59):  # the daemon's ticks meanwhile: skipped, quietly
            clock.now = started + timedelta(minutes=minutes)
            skipped = radar.poll("tv-trade")
            assert skipped is not None and skipped.status == "skipped"
        assert len(httpserver.log) == 1
        status = "\n".join(scheduler.status_lines(radar, clock.now))
        assert "Retry-After 1h" in status
        assert f"backing off until {scheduler._when(started + timedelta(hours=1))}" in status
        answers[0] = Response(marvel_feed(), content_type="application/rss+xml")
        clock.now = started + timedelta(hours=1)
        ok = radar.poll("tv-trade")
        assert ok is not None and ok.status == "ok"
    finally:
        radar.close()
    said = [r for r in caplog.records if r.levelno >= logging.INFO and "back" in r.getMessage()]
    assert [r.getMessage().split(":")[1].strip() for r in said] == ["error (1 in a row)",
                                                                    "back-off over"]  # fmt: skip
    assert "Retry-After 1h; backing off until" in said[0].getMessage()
    quiet = [
        r for r in caplog.records if r.levelno == logging.DEBUG and "backing off" in r.getMessage()
    ]
    assert len(quiet) == 4


def test_in_the_daemon_a_dripping_feed_is_cut_reported_and_holds_up_no_alert(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/tv/feed/").respond_with_data(
        marvel_feed(), content_type="application/rss+xml"
    )
    with Receiver() as fans, Receiver() as ops, Drip(limit=300) as slow, \
            Drip(headers_too=True, limit=300) as stuck:  # fmt: skip
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", httpserver.url_for("/tv/feed/"),
            [{"name": "alice", "notify": [fans.url("/a")]}],
            maintainers=[ops.url("/ops")], health={"failures_before_alert": 1},
        )  # fmt: skip
        data = json.loads(config.read_text())
        data["sources"] = [{"name": "slow", "feed": slow.url, "fetch_timeout": "10m"},
                           {"name": "stuck", "feed": stuck.url, "fetch_timeout": "2s"},
                           *data["sources"]]  # fmt: skip
        config.write_text(json.dumps(data))
        with daemon(config) as proc:
            lines = read_until(proc, "alert sent: Jessica Jones renewed to alice", timeout=60)
            assert slow.connections == 1 and not slow.released.is_set()  # still dripping
            if not any("stuck: error" in line for line in lines):
                lines += read_until(proc, "stuck: error", timeout=60)
            [line] = [line for line in lines if "stuck: error" in line]
            assert (f"stuck: error (1 in a row): {stuck.url}: no complete answer within the 2s "
                    "deadline (fetch_timeout); backing off until") in line  # fmt: skip
            waited = time.monotonic() + 30
            while not ops.received and time.monotonic() < waited:
                time.sleep(0.1)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=12) == 0
        assert [m.json()["title"] for m in ops.received] == [
            "Renewal Radar: source stuck is failing"
        ]
        assert len(fans.received) == 1
    assert scheduler.main(["-c", str(config), "status"]) == 0
    stuck_line = next(x for x in capsys.readouterr().out.splitlines() if "stuck:" in x)
    assert (
        stuck_line.startswith("  stuck: error ") and "1 failure in a row, backing off" in stuck_line
    )


def test_the_daemon_polls_a_backing_off_source_again_when_its_back_off_ends() -> None:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    sched = BackgroundScheduler(timezone=UTC)
    now, real = utcnow(), wallclock()  # the service's time; APScheduler's
    job = sched.add_job(print, IntervalTrigger(minutes=10), id="source:a",
                        next_run_time=real + timedelta(minutes=10))  # fmt: skip
    scheduler._poll_again_at(sched, "source:a", now + timedelta(hours=1))  # Retry-After: 1h
    assert job.next_run_time == on_wallclock(now + timedelta(hours=1))
    scheduler._poll_again_at(sched, "source:a", now + timedelta(minutes=5))  # sooner: no change
    scheduler._poll_again_at(sched, "source:a", None)
    assert job.next_run_time == on_wallclock(now + timedelta(hours=1))
