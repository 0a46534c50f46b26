"""When fans hear: digests, quiet hours, second-outlet confirmation, retries, maintainers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_httpserver import HTTPServer
from receivers import Receiver, closed_port
from stories import rss
from test_end_to_end import write_config
from werkzeug import Request, Response

import scheduler
from alerts import Timing, load_config, parse_quiet

BERLIN = ZoneInfo("Europe/Berlin")


class Clock:
    """A fake clock the test moves by hand (our own seam)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.mark.parametrize(
    ("utc_hour", "released_hour"),
    [(20, 20), (21, 6 + 24), (23, 6 + 24), (3, 6), (6, 6), (7, 7)],
)
def test_quiet_hours_hold_alerts_until_they_end_in_the_fans_zone(
    utc_hour: int, released_hour: int
) -> None:
    timing = Timing(quiet=parse_quiet("22:00-07:00"), zone=BERLIN)  # UTC+1 in March
    at = datetime(2026, 3, 1, utc_hour, 30, tzinfo=UTC)
    released = timing.release_at(at)
    expected_day = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=released_hour)
    assert released.replace(minute=0) == expected_day
    assert released >= at


def test_a_digest_is_due_at_the_next_local_digest_time() -> None:
    timing = Timing(mode="digest", digest_at=time(8, 0), zone=ZoneInfo("America/New_York"))
    assert timing.release_at(datetime(2026, 3, 1, 12, 0, tzinfo=UTC)) == datetime(
        2026, 3, 1, 13, 0, tzinfo=UTC
    )
    assert timing.release_at(datetime(2026, 3, 1, 13, 1, tzinfo=UTC)) == datetime(
        2026, 3, 2, 13, 0, tzinfo=UTC
    )


def renewals_feed(base: str, *series: str) -> str:
    items = [
        (f"{title} Renewed For Season 4", f"{base}/{n}", f"<p>The network renewed {title}.</p>")
        for n, title in enumerate(series)
    ]
    return rss(items, when=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


def radar_for(config: Path, clock: Clock) -> scheduler.Radar:
    radar = scheduler.Radar(load_config(config), now=clock)
    radar.store.upgrade()
    return radar


def test_a_digest_fan_gets_one_message_with_all_events_of_the_period(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        renewals_feed("https://tv.example.com", "Severance", "The Bear", "Ghosts"),
        content_type="application/rss+xml",
    )
    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with Receiver() as rx:
        fan = {"name": "dana", "notify": [rx.url("/d")], "mode": "digest", "digest_at": "18:00",
               "timezone": "Europe/Berlin"}  # fmt: skip
        config = write_config(tmp_path / "c.yaml", db_url,
                              httpserver.url_for("/feed"), [fan])  # fmt: skip
        data = json.loads(config.read_text())
        data["series"] = [{"title": t} for t in ("Severance", "The Bear", "Ghosts")]
        config.write_text(json.dumps(data))
        radar = radar_for(config, clock)
        assert radar.once().new_events == 3
        assert rx.received == []
        clock.at = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
        radar.deliver()
        radar.deliver()
        radar.close()
    [digest] = rx.received
    message = digest.json()["message"]
    for title in ("Severance", "The Bear", "Ghosts"):
        assert f"{title} renewed for season 4" in message
    assert "3 series updates" in digest.json()["title"]


def test_a_fan_in_quiet_hours_gets_the_alert_when_they_end(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        renewals_feed("https://tv.example.com", "Severance"), content_type="application/rss+xml"
    )
    clock = Clock(datetime(2026, 3, 1, 22, 30, tzinfo=UTC))  # 23:30 in Berlin
    with Receiver() as rx:
        fan = {"name": "q", "notify": [rx.url("/q")], "quiet_hours": "22:00-07:00",
               "timezone": "Europe/Berlin"}  # fmt: skip
        config = write_config(tmp_path / "c.yaml", db_url,
                              httpserver.url_for("/feed"), [fan])  # fmt: skip
        data = json.loads(config.read_text())
        data["series"] = [{"title": "Severance"}]
        data["detection"] = {"max_age": "30d"}
        config.write_text(json.dumps(data))
        radar = radar_for(config, clock)
        radar.once()
        clock.at = datetime(2026, 3, 2, 5, 59, tzinfo=UTC)
        radar.deliver()
        assert rx.received == []
        clock.at = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 07:00 in Berlin
        radar.deliver()
        radar.deliver()
        radar.close()
        assert len(rx.received) == 1


def test_every_alert_arrives_exactly_once_through_a_receiver_failing_five_times(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        renewals_feed("https://tv.example.com", "Severance", "The Bear"),
        content_type="application/rss+xml",
    )
    with Receiver() as rx:
        rx.fail_first(5)
        fan = {"name": "f", "notify": [rx.url("/f")]}
        config = write_config(tmp_path / "c.yaml", db_url,
                              httpserver.url_for("/feed"), [fan],
                              delivery={"retry": ["0s", "1s", "1s", "1s", "1s"]})  # fmt: skip
        data = json.loads(config.read_text())
        data["series"] = [{"title": "Severance"}, {"title": "The Bear"}]
        data["detection"] = {"max_age": "100000d"}
        config.write_text(json.dumps(data))
        clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
        radar = radar_for(config, clock)
        radar.once()
        for _ in range(8):
            clock.at += timedelta(seconds=1)
            radar.deliver()
        radar.close()
        delivered = [r.json()["title"] for r in rx.received[5:]]
    assert len(rx.received) == 7
    assert sorted(delivered) == ["Severance renewed for season 4", "The Bear renewed for season 4"]


def test_maintainers_hear_of_a_source_failing_n_times_and_its_recovery(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    up = {"now": False}

    def feed(request: Request) -> Response:
        if not up["now"]:
            return Response("down for maintenance", status=503)
        body = renewals_feed("https://tv.example.com", "Severance")
        return Response(body, content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(feed)
    with Receiver() as ops:
        config = tmp_path / "c.yaml"
        config.write_text(json.dumps({
            "version": 1, "database": f"sqlite:///{tmp_path / 'r.db'}",
            "sources": [{"name": "flaky", "feed": httpserver.url_for("/feed"), "every": "1s"}],
            "maintainers": [ops.url("/ops")], "health": {"failures_before_alert": 2},
        }))  # fmt: skip
        clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
        radar = radar_for(config, clock)

        def polls(n: int, ok: bool) -> None:
            up["now"] = ok
            for _ in range(n):
                radar.poll_all()
                clock.at += timedelta(hours=1)  # past any back-off

        polls(1, ok=False)
        polls(1, ok=True)  # one blip: nobody is told
        assert ops.received == []
        polls(4, ok=False)  # told once, at the second failure in a row
        polls(2, ok=True)  # told once that it works again
        radar.close()
        titles = [r.json()["title"] for r in ops.received]
    assert titles == [
        "Renewal Radar: source flaky is failing",
        "Renewal Radar: source flaky recovered",
    ]


def test_dead_deliveries_can_be_queued_again_and_maintainers_hear_of_them(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        renewals_feed("https://tv.example.com", "Severance"), content_type="application/rss+xml"
    )
    with Receiver() as rx, Receiver() as ops:
        rx.answer(500)
        fan = {"name": "f", "notify": [rx.url("/f")]}
        config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                              httpserver.url_for("/feed"), [fan],
                              delivery={"retry": []}, maintainers=[ops.url("/ops")],
                              detection={"max_age": "100000d"})  # fmt: skip
        data = json.loads(config.read_text())
        data["series"] = [{"title": "Severance"}]
        config.write_text(json.dumps(data))
        assert scheduler.main(["-c", str(config), "once"]) == 0
        assert "could not be delivered" in ops.received[0].json()["title"]
        rx.answer(200)
        assert scheduler.main(["-c", str(config), "deliveries", "retry"]) == 0
        assert "1 dead deliveries queued again" in capsys.readouterr().out
        assert scheduler.main(["-c", str(config), "once"]) == 0
        assert [r.json()["title"] for r in rx.received[1:]] == ["Severance renewed for season 4"]


def test_test_notify_sends_to_each_target_of_one_subscriber(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Receiver() as rx:
        dead = f"json://127.0.0.1:{closed_port()}/x"
        config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", "https://x/f",
                              [{"name": "alice", "notify": [rx.url("/a"), dead]}])  # fmt: skip
        assert scheduler.main(["-c", str(config), "test-notify", "alice"]) == 1
        assert len(rx.received) == 1
        assert "test message" in rx.received[0].json()["title"]
        assert "remove you (alice)" in rx.received[0].json()["message"]
        assert scheduler.main(["-c", str(config), "test-notify", "nobody"]) == 2
    out, err = capsys.readouterr()
    assert out.count("sent") == 1
    [failed] = [line for line in out.splitlines() if "127.0.0.1:" in line and "sent" not in line]
    assert failed.count("json://") == 1  # the target is named once, then why it failed
    assert "no subscriber named 'nobody'" in err


def _one_story_radar(
    httpserver: HTTPServer,
    tmp_path: Path,
    db_url: str,
    fan: dict[str, object] | list[dict[str, object]],
    clock: Clock,
    **extra: object,
) -> scheduler.Radar:
    httpserver.expect_request("/feed").respond_with_data(
        renewals_feed("https://tv.example.com", "Severance"), content_type="application/rss+xml"
    )
    fans = fan if isinstance(fan, list) else [fan]
    config = write_config(tmp_path / "c.yaml", db_url, httpserver.url_for("/feed"), fans,
                          detection={"max_age": "100000d"}, **extra)  # fmt: skip
    data = json.loads(config.read_text())
    data["series"] = [{"title": "Severance"}]
    config.write_text(json.dumps(data))
    return radar_for(config, clock)


def test_an_alert_that_falls_due_inside_quiet_hours_still_waits_for_their_end(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    clock = Clock(datetime(2026, 3, 1, 20, 0, tzinfo=UTC))  # 21:00 in Berlin: not quiet yet
    with Receiver() as rx:
        rx.answer(500)
        fan = {"name": "q", "notify": [rx.url("/q")], "quiet_hours": "22:00-07:00",
               "timezone": "Europe/Berlin"}  # fmt: skip
        radar = _one_story_radar(httpserver, tmp_path, db_url, fan, clock,
                                 delivery={"retry": ["1h"]})  # fmt: skip
        radar.once()  # fails at 21:00; its retry falls due at 22:00, inside quiet hours
        rx.answer(200)
        clock.at = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
        radar.deliver()
        assert len(rx.received) == 1
        clock.at = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 07:00 in Berlin
        radar.deliver()
        radar.deliver()
        radar.close()
    assert len(rx.received) == 2


def test_a_failed_digest_is_retried_along_the_ladder_not_the_next_day(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    clock = Clock(datetime(2026, 3, 1, 7, 59, tzinfo=UTC))
    with Receiver() as rx:
        rx.fail_first(1)
        fan = {"name": "d", "notify": [rx.url("/d")], "mode": "digest", "digest_at": "08:00"}
        radar = _one_story_radar(httpserver, tmp_path, db_url, fan, clock,
                                 delivery={"retry": ["5m"]})  # fmt: skip
        radar.once()
        clock.at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
        assert radar.deliver().retrying == 1
        clock.at = datetime(2026, 3, 1, 8, 5, tzinfo=UTC)
        assert radar.deliver().sent == 1
        radar.close()
    assert [r.json()["title"] for r in rx.received] == ["Severance renewed for season 4"] * 2


def test_one_alert_through_a_receiver_failing_its_first_five_requests_arrives_exactly_once(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    # The acceptance case: retry [0s, 1s, 1s, 1s, 1s] allows six attempts; the sixth works.
    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    with Receiver() as rx:
        rx.fail_first(5)
        fan = {"name": "f", "notify": [rx.url("/f")]}
        radar = _one_story_radar(httpserver, tmp_path, db_url, fan, clock,
                                 delivery={"retry": ["0s", "1s", "1s", "1s", "1s"]})  # fmt: skip
        cycles = []
        for _ in range(10):  # repeated `once` runs, a second apart
            cycles.append(radar.once().delivery)
            clock.at += timedelta(seconds=1)
        radar.close()
        paths = [r.path for r in rx.received]
    assert [(d.sent, d.retrying, d.dead) for d in cycles[:6]] == [(0, 1, 0)] * 5 + [(1, 0, 0)]
    assert all((d.sent, d.retrying, d.dead) == (0, 0, 0) for d in cycles[6:])
    assert paths == ["/f"] * 6  # five failures, then the one delivery; nothing after it


def test_status_lists_waiting_and_dead_deliveries_with_their_next_attempt_and_error(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = Clock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    dead = f"json://127.0.0.1:{closed_port()}/gone"
    with Receiver() as rx:
        fans = [
            {"name": "d", "notify": [rx.url("/d")], "mode": "digest", "digest_at": "18:00"},
            {"name": "x", "notify": [dead]},
            {"name": "q", "notify": [rx.url("/q")], "quiet_hours": "08:00-20:00",
             "timezone": "Europe/Berlin"},
            {"name": "c", "notify": [rx.url("/c")], "min_reports": 2},
        ]  # fmt: skip
        radar = _one_story_radar(httpserver, tmp_path, f"sqlite:///{tmp_path / 'r.db'}", fans,
                                 clock, delivery={"retry": []})  # fmt: skip
        radar.once()
        radar.close()
        capsys.readouterr()
        assert scheduler.main(["-c", str(tmp_path / "c.yaml"), "status"]) == 0
    out = capsys.readouterr().out
    assert "deliveries: 1 dead, 3 pending\n" in out
    assert (
        f"  pending: Severance renewed to d (json://127.0.0.1:{rx.port}/d?method=POST), "
        "next attempt 2026-03-01 18:00 UTC (daily digest at 18:00 UTC)\n"
    ) in out
    assert (
        f"  pending: Severance renewed to q (json://127.0.0.1:{rx.port}/q?method=POST), "
        "next attempt 2026-03-01 19:00 UTC (after quiet hours 08:00-20:00 Europe/Berlin)\n"
    ) in out
    assert (
        f"  pending: Severance renewed to c (json://127.0.0.1:{rx.port}/c?method=POST), "
        "next attempt 2026-03-01 09:10 UTC (waiting for 2 outlets to report it, 1 so far)\n"
    ) in out
    assert "  dead: Severance renewed to x (json://127.0.0.1:" in out
    assert "/gone?method=POST): failure: A Connection error occurred" in out
