"""The whole path as a user runs it: a loopback feed, `once`, Apprise to a loopback receiver."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from receivers import Receiver, closed_port
from stories import (
    JESSICA_JONES_TEXT,
    JESSICA_JONES_TITLE,
    MARVEL_SERIES,
    OTHER_STORY_TITLE,
    marvel_config,
    marvel_feed,
    rss,
)
from werkzeug import Request, Response

import scheduler
from scraper import Store

ETAG = '"v1"'


def serve_feed_with_etag(httpserver: HTTPServer, body: str) -> list[Request]:
    """Serve `body` at /tv/feed/ with an ETag; answer 304 to a matching If-None-Match."""
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        if request.headers.get("If-None-Match") == ETAG:
            return Response(status=304, headers={"ETag": ETAG})
        return Response(body, content_type="application/rss+xml", headers={"ETag": ETAG})

    httpserver.expect_request("/tv/feed/").respond_with_handler(handler)
    return seen


def write_config(
    path: Path, db_url: str, feed: str, subscribers: list[dict[str, object]], **extra: object
) -> Path:
    path.write_text(json.dumps(marvel_config(db_url, feed, subscribers, **extra)))  # JSON is YAML
    return path


def once(config: Path) -> int:
    return scheduler.main(["-c", str(config), "once"])


def test_one_renewal_reaches_its_fan_once_and_no_bystander_fires(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    requests = serve_feed_with_etag(httpserver, marvel_feed())
    with Receiver() as everything, Receiver() as others:
        subscribers = [
            {"name": "alice", "notify": [everything.url("/alice")], "series": "all"},
            {"name": "bob", "notify": [others.url("/bob")], "series": MARVEL_SERIES[1:]},
        ]
        config = write_config(
            tmp_path / "c.yaml", db_url, httpserver.url_for("/tv/feed/"), subscribers
        )
        assert once(config) == 0
        assert once(config) == 0
        assert len(everything.received) == 1
        assert others.received == []
    alert = everything.received[0].json()
    assert "Jessica Jones" in alert["title"]
    assert "renewed" in alert["title"]
    assert "season 2" in alert["title"]
    assert "Netflix" in alert["title"]
    assert "https://tv.example.com/2016/01/jessica-jones-renewed/" in alert["message"]
    assert "utm_source" not in alert["message"]
    assert len(requests) == 2
    assert requests[0].headers.get("If-None-Match") is None
    assert requests[1].headers.get("If-None-Match") == ETAG


def test_a_failed_send_is_retried_on_a_later_cycle_and_sent_once(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    with Receiver() as rx:
        rx.answer(500)
        subscribers = [{"name": "alice", "notify": [rx.url("/a")], "series": ["Jessica Jones"]}]
        config = write_config(
            tmp_path / "c.yaml", db_url, httpserver.url_for("/tv/feed/"), subscribers,
            delivery={"retry": ["0s", "0s"]},
        )  # fmt: skip
        once(config)
        assert len(rx.received) == 1  # the failed attempt
        rx.answer(200)
        once(config)
        once(config)
        assert len(rx.received) == 2  # the retry, and nothing after it was delivered


def test_one_dead_source_does_not_stop_the_others(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    dead = f"http://127.0.0.1:{closed_port()}/feed"
    with Receiver() as rx:
        subscribers = [{"name": "alice", "notify": [rx.url("/a")]}]
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
            httpserver.url_for("/tv/feed/"), subscribers,
        )  # fmt: skip
        data = json.loads(config.read_text())
        data["sources"].insert(0, {"name": "dead", "feed": dead})
        config.write_text(json.dumps(data))
        assert once(config) == 1  # the other source was delivered, and cron hears of the failure
        assert len(rx.received) == 1
    assert "2 sources (1 ok, 0 not modified, 1 failed," in capsys.readouterr().out


def test_a_story_that_breaks_detection_is_skipped_and_the_rest_still_alert(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    real_detect = scheduler.detect

    def fragile(title: str, text: str, watchlist: object) -> object:
        if title.startswith("Emmy"):  # fault injected at our own seam
            raise RuntimeError("detector bug")
        return real_detect(title, text, watchlist)  # type: ignore[arg-type]

    monkeypatch.setattr(scheduler, "detect", fragile)
    with Receiver() as rx:
        subscribers = [{"name": "alice", "notify": [rx.url("/a")]}]
        config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                              httpserver.url_for("/tv/feed/"), subscribers)  # fmt: skip
        assert once(config) == 0
        assert once(config) == 0
        assert len(rx.received) == 1


def test_a_story_that_breaks_recording_is_skipped_and_the_rest_of_its_batch_still_alert(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    daredevil = ("Daredevil Cancelled At Netflix After Three Seasons",
                 "https://tv.example.com/2016/01/daredevil-cancelled/",
                 "Netflix has cancelled Daredevil after three seasons.")  # fmt: skip
    jessica = (JESSICA_JONES_TITLE, "https://tv.example.com/2016/01/jj/", JESSICA_JONES_TEXT)
    feed = rss([jessica, daredevil, (OTHER_STORY_TITLE, "https://tv.example.com/e/", "Emmys.")])
    serve_feed_with_etag(httpserver, feed)
    real_record = scheduler.record

    def fragile(conn: Any, stored: Any, *args: Any) -> Any:
        if stored.article.title.startswith("Daredevil"):  # fault injected at our own seam
            raise RuntimeError("recording bug")
        return real_record(conn, stored, *args)

    monkeypatch.setattr(scheduler, "record", fragile)
    with Receiver() as rx:
        subscribers = [{"name": "alice", "notify": [rx.url("/a")]}]
        config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                              httpserver.url_for("/tv/feed/"), subscribers)  # fmt: skip
        assert once(config) == 0  # the batch fails as a whole, then goes one story at a time
        assert once(config) == 0  # nothing left pending: the broken story is not retried
        assert [json.loads(r.body)["title"] for r in rx.received] == [
            "Jessica Jones renewed for season 2 (Netflix)"
        ]
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        assert store.counts() == {"articles": 3, "undetected": 0}
    finally:
        store.close()
