"""Events weigh their reports: a clear claim alerts at once, a weak one waits for another outlet.

Real databases (SQLite and, where it runs, PostgreSQL, through the `store` fixture); the
claims are written here, at confidences either side of `detection.min_confidence`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import JESSICA_JONES_TITLE, marvel_config, marvel_feed

import scheduler
from alerts import Claim, Recorded, Subscriber, deliveries, events, recent_events, record, reports
from alerts.config import ConfigError, load_config
from alerts.events import MERGE_WINDOW, waiting_lines, weight
from alerts.tables import waiting
from scraper import Article, Store, StoredArticle

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FAN = Subscriber("fan", ("json://127.0.0.1:9/fan",))
ALERT_AT = 0.5


def story(store: Store, n: int, site: str) -> StoredArticle:
    article = Article.make(f"https://{site}/tv/{n}", f"Headline {n}", "Text.", site)
    store.add_articles([article], NOW)
    found = store.find_article(article.url)
    assert found is not None
    return found


def weak(confidence: float = 0.35, season: int | None = 3, event: str = "renewed") -> Claim:
    return Claim("Severance", event, season, "Apple TV+", confidence, "It may be back.", "test")


def put(store: Store, article: StoredArticle, claim: Claim, when: datetime = NOW) -> Recorded:
    with store.engine.begin() as conn:
        return record(conn, article, [claim], [FAN], when, ALERT_AT)


def count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_outlets_combine_as_independent_witnesses_and_one_outlet_counts_once() -> None:
    assert weight([("a.com", 0.35)]) == pytest.approx(0.35)
    assert weight([("a.com", 0.35), ("b.com", 0.35)]) == pytest.approx(1 - 0.65**2)
    assert weight([("a.com", 0.35), ("a.com", 0.4)]) == pytest.approx(0.4)
    assert weight([]) == 0.0


def test_a_clear_claim_alerts_at_once(store: Store) -> None:
    done = put(store, story(store, 1, "tvline.com"), weak(0.9))
    assert len(done.created) == 1 and not done.waiting
    assert count(store, deliveries) == 1


def test_a_weak_claim_waits_and_a_second_outlet_makes_it_alert(store: Store) -> None:
    first = put(store, story(store, 1, "tvline.com"), weak())
    assert first.created == () and len(first.waiting) == 1
    assert (count(store, events), count(store, deliveries), count(store, waiting)) == (0, 0, 1)
    assert recent_events(store.engine) == []

    again = put(store, story(store, 2, "www.tvline.com"), weak(0.4))  # the same outlet again
    assert again.created == ()
    assert count(store, events) == 0

    second = put(store, story(store, 3, "deadline.com"), weak(), when=NOW + timedelta(hours=2))
    assert len(second.created) == 1
    with store.engine.connect() as conn:
        [event] = conn.execute(sa.select(events)).mappings().all()
        assert (event["series"], event["event"], event["season"]) == ("Severance", "renewed", 3)
        assert event["reports"] == 3  # every story that told it, the waiting ones included
    assert (count(store, reports), count(store, deliveries), count(store, waiting)) == (3, 1, 0)


def test_status_lists_weak_news_that_waits_with_its_outlet_and_confidence(store: Store) -> None:
    assert waiting_lines(store.engine) == []
    put(store, story(store, 1, "www.tvline.com"), weak())
    assert waiting_lines(store.engine) == [
        "Severance renewed season 3: tvline.com at 0.35, waiting for another outlet"
    ]


def test_a_weak_report_of_an_event_that_already_alerted_confirms_it(store: Store) -> None:
    put(store, story(store, 1, "tvline.com"), weak(0.9))
    done = put(store, story(store, 2, "deadline.com"), weak())
    assert len(done.confirmed) == 1 and not done.waiting
    assert (count(store, events), count(store, reports), count(store, deliveries)) == (1, 2, 1)


def test_weak_reports_of_different_seasons_do_not_corroborate_each_other(store: Store) -> None:
    put(store, story(store, 1, "tvline.com"), weak(season=3))
    done = put(store, story(store, 2, "deadline.com"), weak(season=4))
    assert done.created == ()
    assert count(store, waiting) == 2


def test_a_weak_report_older_than_the_merge_window_is_forgotten(store: Store) -> None:
    put(store, story(store, 1, "tvline.com"), weak())
    later = NOW + MERGE_WINDOW + timedelta(days=1)
    done = put(store, story(store, 2, "deadline.com"), weak(), when=later)
    assert done.created == ()
    assert count(store, waiting) == 1  # the new one waits; the stale one is gone


def test_the_same_story_read_twice_waits_once(store: Store) -> None:
    article = story(store, 1, "tvline.com")
    put(store, article, weak())
    put(store, article, weak())
    assert count(store, waiting) == 1
    assert count(store, events) == 0


def test_a_report_floor_above_min_confidence_is_refused(tmp_path: Path) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "watchlist: [Severance]\n"
        "sources: [{name: a, kind: rss, url: 'http://127.0.0.1:9/feed'}]\n"
        "detection: {min_confidence: 0.5, report_floor: 0.7}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="report_floor"):
        load_config(cfg)


def test_one_outlet_below_the_bar_waits_and_a_second_outlet_alerts_the_fan_once(
    httpserver: HTTPServer, tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole service: two trade feeds on loopback whose stories link to two outlets; the
    renewal's one headline (confidence 0.95) is below a strict bar of 0.99 alone, above it
    with a second outlet (0.9975)."""
    for path, base in (("/a", "https://tvline.example"), ("/b", "https://deadline.example")):
        body = marvel_feed(base)
        httpserver.expect_request(path).respond_with_data(body, content_type="application/rss+xml")
    strict = {"detection": {"min_confidence": 0.99, "report_floor": 0.3}}
    with Receiver() as rx:
        fans = [{"name": "alice", "notify": [rx.url("/alice")], "series": "all"}]
        one = marvel_config(db_url, httpserver.url_for("/a"), fans, **strict)
        second = {**one["sources"][0], "name": "b", "feed": httpserver.url_for("/b")}
        both = {**one, "sources": [*one["sources"], second]}
        (tmp_path / "one.yaml").write_text(json.dumps(one))
        (tmp_path / "both.yaml").write_text(json.dumps(both))

        assert scheduler.main(["-c", str(tmp_path / "one.yaml"), "once"]) == 0
        assert rx.received == []
        assert scheduler.main(["-c", str(tmp_path / "one.yaml"), "status"]) == 0
        assert "Jessica Jones renewed season 2: tvline.example at 0.95, waiting" in (
            capsys.readouterr().out
        )

        assert scheduler.main(["-c", str(tmp_path / "both.yaml"), "once"]) == 0
        assert scheduler.main(["-c", str(tmp_path / "both.yaml"), "once"]) == 0
        assert len(rx.received) == 1
        assert "Jessica Jones" in rx.received[0].json()["title"]


def test_explain_says_a_weak_claim_waits_for_another_outlet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strict = {"detection": {"min_confidence": 0.99, "report_floor": 0.3}}
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        json.dumps(marvel_config(f"sqlite:///{tmp_path / 'r.db'}", "https://x/f", [], **strict))
    )
    assert scheduler.main(["-c", str(cfg), "explain", "--text", JESSICA_JONES_TITLE]) == 0
    out = capsys.readouterr().out
    assert "verdict: no alert" in out
    assert "waits for another outlet to corroborate it" in out
