"""The command line: detect over JSON lines, explain, status, and PostgreSQL by environment."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import JESSICA_JONES_TITLE, MARVEL_SERIES, marvel_feed
from test_end_to_end import serve_feed_with_etag, write_config

import scheduler
from scraper import Article, Store, utcnow


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", "https://x/feed", [])


def test_detect_writes_one_line_per_story_and_stores_nothing(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stories = tmp_path / "in.jsonl"
    stories.write_text(
        json.dumps({"id": "a", "title": JESSICA_JONES_TITLE, "text": ""}) + "\n\n"
        + json.dumps({"id": 7, "title": "Daredevil star talks fight scenes", "text": None}) + "\n"
    )  # fmt: skip
    assert scheduler.main(["-c", str(config), "detect", "--jsonl", str(stories)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7]
    [event] = lines[0]["events"]
    assert {k: event[k] for k in ("series", "event", "season", "network")} == {
        "series": "Jessica Jones", "event": "renewed", "season": 2, "network": "Netflix",
    }  # fmt: skip
    assert event["evidence"] and 0 < event["confidence"] <= 1
    assert lines[1]["events"] == []
    assert not (tmp_path / "r.db").exists()


def test_detect_reads_stdin_and_names_the_line_of_bad_input(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = '{"id": 1, "title": "x"}\n{oops\n["no id"]\n{"id": 4, "text": "y"}\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert scheduler.main(["-c", str(config), "detect", "--jsonl", "-"]) == 2
    captured = capsys.readouterr()
    answers = [json.loads(line) for line in captured.out.splitlines()]
    assert answers == [{"id": 1, "events": []}, {"id": 4, "events": []}]
    assert "-:2: not JSON" in captured.err
    assert '-:3: expected an object with an "id"' in captured.err


def test_explain_says_why_a_story_fires(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scheduler.main(["-c", str(config), "explain", "--text", JESSICA_JONES_TITLE]) == 0
    out = capsys.readouterr().out
    assert "Jessica Jones" in out
    assert "verdict: fires 1 alert(s)" in out


def test_explain_reads_a_headline_beside_the_text_as_detect_does(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-c", str(config), "explain", "--headline", "Daredevil Canceled After Three Seasons",
            "--text", "The streamer confirmed the news on Friday."]  # fmt: skip
    assert scheduler.main(args) == 0
    out = capsys.readouterr().out
    assert "mention: 'Daredevil' as 'Daredevil' (headline)" in out
    assert "  Daredevil: cancelled, season 3," in out


def test_explain_says_when_a_story_does_not_fire(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Fans hope Netflix could renew Daredevil, but there is no word yet."
    assert scheduler.main(["-c", str(config), "explain", "--text", text]) == 0
    assert "verdict: no alert" in capsys.readouterr().out


def test_status_shows_sources_events_and_deliveries(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    with Receiver() as rx:
        secret_url = rx.url("/hook", auth="alice:TOPSECRET")
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", httpserver.url_for("/tv/feed/"),
            [{"name": "alice", "notify": [secret_url], "series": MARVEL_SERIES}],
        )  # fmt: skip
        scheduler.main(["-c", str(config), "once"])
        scheduler.main(["-c", str(config), "status"])
        first = capsys.readouterr().out
        scheduler.main(["-c", str(config), "once"])
        scheduler.main(["-c", str(config), "status"])
    assert "tv-trade: ok" in first
    out = capsys.readouterr().out
    assert "tv-trade: not modified" in out
    assert "2 stories" in out
    assert "Jessica Jones renewed season 2 (Netflix)" in out
    assert "1 sent" in out
    assert "TOPSECRET" not in out


def test_once_uses_postgresql_from_the_environment(
    httpserver: HTTPServer, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RENEWAL_RADAR_DATABASE_URL", pg_url)
    serve_feed_with_etag(httpserver, marvel_feed())
    with Receiver() as rx:
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'unused.db'}",
            httpserver.url_for("/tv/feed/"), [{"name": "alice", "notify": [rx.url("/a")]}],
        )  # fmt: skip
        assert scheduler.main(["-c", str(config), "once"]) == 0
        assert scheduler.main(["-c", str(config), "once"]) == 0
        assert len(rx.received) == 1
    assert not (tmp_path / "unused.db").exists()


def test_explain_reads_a_page_by_url_when_the_story_is_not_stored(
    config: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        "<html><head><title>Renewals</title>"
        '<meta property="og:type" content="article"></head><body>'
        "<nav>Cancellations | Renewals | Scorecard</nav><article>"
        f"<h1>{JESSICA_JONES_TITLE}</h1>"
        "<p>Netflix has renewed Jessica Jones for a second season, the streamer said on Sunday "
        "after the drama premiered to strong reviews and a loyal audience.</p>"
        "</article></body></html>"
    )
    httpserver.expect_request("/story").respond_with_data(page, content_type="text/html")
    url = httpserver.url_for("/story")
    assert scheduler.main(["-c", str(config), "explain", "--fetch", url]) == 0
    out = capsys.readouterr().out
    assert "story: fetched now from the page" in out
    assert "verdict: fires 1 alert(s)" in out


def test_explain_of_an_unreachable_url_is_one_line(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from receivers import closed_port

    url = f"http://127.0.0.1:{closed_port()}/story"
    assert scheduler.main(["-c", str(config), "explain", "--fetch", url]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"renewal-radar: {url}: ")
    assert "\n" not in err


def test_help_imports_none_of_the_services_libraries() -> None:
    # `--help` answers from radar_cli alone: the libraries load only for a command that runs
    code = (
        "import sys, radar_cli\n"
        "try:\n    radar_cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('sqlalchemy', 'feedparser', 'httpx', 'apprise', 'scrapy', 'apscheduler',"
        " 'alerts', 'scraper', 'scheduler')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: renewal-radar" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_explain_reads_a_bare_headline_and_says_when_no_watched_series_is_named(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert scheduler.main(["-c", str(config), "explain", "--headline", JESSICA_JONES_TITLE]) == 0
    assert "verdict: fires 1 alert(s)" in capsys.readouterr().out
    headline = "Netflix renews a show nobody here watches"
    assert scheduler.main(["-c", str(config), "explain", "--headline", headline]) == 0
    out = capsys.readouterr().out
    assert "note: the story names no watched series (the watchlist is the 5 titles under " in out
    assert "verdict: no alert" in out


def test_explain_of_a_stored_story_too_old_to_alert_says_so(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = utcnow()
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    store.upgrade()
    url = "https://tv.example.com/2016/01/jessica-jones-renewed/"
    old = Article.make(url, JESSICA_JONES_TITLE, "", "tv-trade", published=now - timedelta(days=10))
    store.add_articles([old], now)
    store.close()
    assert scheduler.main(["-c", str(config), "explain", url]) == 0
    out = capsys.readouterr().out
    assert "more than detection.max_age (7d) before it was fetched: never alerted" in out
    assert "verdict: fires" not in out
    assert "(stored, never alerts: too old;" in out


STORY = "https://press.example/story"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["status"], "{db}: no database there yet: nothing has run with {config} "
                     "(`renewal-radar once` or `run` creates it)"),
        (["explain", STORY], STORY + ": no such story stored: {db} holds no database yet "
                             "(add --fetch to read the page now)"),
    ],
    ids=["status", "explain"],
)  # fmt: skip
def test_a_reading_command_leaves_no_empty_database_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], said: str
) -> None:
    # a mistyped path, or the wrong directory: say so, and do not make an empty database there
    db = tmp_path / "typo.db"
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{db}", "https://x/feed", [])
    assert scheduler.main(["-c", str(config), *command]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "renewal-radar: " + said.format(db=db, config=config)
    assert not db.exists()


def test_status_reads_a_database_that_db_upgrade_made(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert scheduler.main(["-c", str(config), "db", "upgrade"]) == 0
    assert scheduler.main(["-c", str(config), "status"]) == 0
    assert "recent events:" in capsys.readouterr().out
