"""The web face as other tools read it: board, JSON API with `since=` paging, Atom, /healthz."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import JESSICA_JONES_TEXT, JESSICA_JONES_TITLE, marvel_feed
from webface import ENV, SEASON_3, app_for, csrf_of, growing_feed, once, write_config

import scheduler
from alerts import Claim, record
from alerts.config import load_config
from scraper import Article, Store, utcnow

NOW = utcnow()
EVIDENCE = JESSICA_JONES_TITLE  # the sentence detection decided on: the headline


@pytest.fixture
def radar_site(httpserver: HTTPServer, tmp_path: Path, db_url: str) -> Iterator[TestClient]:
    """`once` over a loopback feed carrying the Jessica Jones story, then the web face."""
    httpserver.expect_request("/tv/feed/").respond_with_data(
        marvel_feed(), content_type="application/rss+xml"
    )
    config = write_config(tmp_path / "c.yaml", db_url, httpserver.url_for("/tv/feed/"),
                          "http://radar.test")  # fmt: skip
    once(config)
    app = app_for(config)
    yield TestClient(app, base_url="http://radar.test")
    app.state.site.face.engine.dispose()


def test_the_board_shows_the_renewal_in_words_with_evidence_and_link(
    radar_site: TestClient,
) -> None:
    page = radar_site.get("/")
    assert page.status_code == 200
    assert "Renewed for season 2 · Netflix" in page.text
    assert "No news yet" in page.text  # Daredevil: watched, nothing said
    series = radar_site.get("/series/jessica-jones")
    assert "Renewed for season 2 · Netflix" in series.text
    assert 'href="https://tv.example.com/2016/01/jessica-jones-renewed/"' in series.text
    # the evidence is the headline, the report's own link: shown once, not quoted above it too
    assert series.text.count(html.escape(EVIDENCE)) == 1
    assert radar_site.get("/series/no-such-show").status_code == 404


def test_board_filters_by_status_and_search(radar_site: TestClient) -> None:
    def rows(page: str) -> str:
        return page[page.index("<tbody>") : page.index("</tbody>")]

    renewed = rows(radar_site.get("/", params={"status": "renewed"}).text)
    assert "/series/jessica-jones" in renewed and "/series/daredevil" not in renewed
    found = rows(radar_site.get("/", params={"q": "dare"}).text)
    assert "/series/daredevil" in found and "/series/jessica-jones" not in found
    quiet = rows(radar_site.get("/", params={"status": "none"}).text)
    assert "/series/daredevil" in quiet and "/series/jessica-jones" not in quiet


def test_the_series_atom_feed_parses_with_the_entry(radar_site: TestClient) -> None:
    response = radar_site.get("/series/jessica-jones/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    [entry] = feed.entries
    assert entry.title == "Jessica Jones: Renewed for season 2"
    assert entry.link == "https://tv.example.com/2016/01/jessica-jones-renewed/"
    assert EVIDENCE in entry.summary
    everything = feedparser.parse(radar_site.get("/feed.atom").content)
    assert everything.bozo == 0 and len(everything.entries) == 1


def test_api_pages_events_with_since(radar_site: TestClient) -> None:
    first = radar_site.get("/api/v1/events", params={"limit": 1}).json()
    [event] = first["events"]
    assert (event["series"], event["event"], event["season"]) == ("Jessica Jones", "renewed", 2)
    assert event["reports"][0]["evidence"].startswith(EVIDENCE)
    assert event["reports"][0]["outlet"] == "tv.example.com"
    rest = radar_site.get("/api/v1/events", params={"since": first["next_since"]}).json()
    assert rest == {"events": [], "next_since": first["next_since"]}
    series = radar_site.get("/api/v1/series").json()
    jj = next(s for s in series if s["slug"] == "jessica-jones")
    assert jj["status"].startswith("Renewed for season 2 · Netflix · ")
    detail = radar_site.get("/api/v1/series/jessica-jones").json()
    assert [e["id"] for e in detail["events"]] == [event["id"]]
    assert radar_site.get("/api/v1/series/nope").status_code == 404
    assert radar_site.get("/api/v1/events", params={"since": -1}).status_code == 422


def test_openapi_document_is_served_without_the_html_pages(radar_site: TestClient) -> None:
    doc = radar_site.get("/openapi.json").json()
    assert {"/api/v1/series", "/api/v1/events", "/healthz"} <= set(doc["paths"])
    assert "/subscribe" not in doc["paths"]


def test_healthz_reports_heartbeat_and_fetch_age(radar_site: TestClient) -> None:
    response = radar_site.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"] == "ok"
    assert 0 <= body["scheduler_heartbeat_age_seconds"] < 600
    assert 0 <= body["last_fetch_age_seconds"] < 600


def test_pages_carry_security_headers_and_no_script(radar_site: TestClient) -> None:
    page = radar_site.get("/subscribe")
    assert "script-src" not in page.headers["content-security-policy"]
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in page.text
    assert "rr_csrf" in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]


def test_the_cli_loads_the_web_stack_only_to_serve(tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                          "http://127.0.0.1:9/feed", "http://radar.test")  # fmt: skip
    code = (
        "import sys, scheduler; scheduler.main(['-c', sys.argv[1], 'status']); "
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(config)], env={**os.environ, **ENV},
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_config_subscriber_stops_alerts_from_the_link_in_one(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    feed = growing_feed(httpserver)
    with Receiver() as rx:
        alice = {"name": "alice " + "the fan " * 8, "notify": [rx.url("/alice")],
                 "series": ["Jessica Jones"]}  # fmt: skip
        config = write_config(tmp_path / "c.yaml", db_url, httpserver.url_for("/tv/feed/"),
                              "http://radar.test", [alice])  # fmt: skip
        feed.append((JESSICA_JONES_TITLE, "https://tv.example.com/jj2", JESSICA_JONES_TEXT))
        once(config)
        [alert] = rx.received
        link = re.search(r"http://radar\.test(/manage/[\w.-]+)", alert.json()["message"])
        assert link, alert.json()["message"]
        assert "operator to remove you" not in alert.json()["message"]
        app = app_for(config)
        client = TestClient(app, base_url="http://radar.test")
        page = client.get(link.group(1)).text
        assert "Only the operator can change what you follow" in page
        client.post(link.group(1) + "/unsubscribe", data={"csrf": csrf_of(page)})
        feed.append(SEASON_3)
        once(config)
        assert len(rx.received) == 1  # nothing more to alice
        app.state.site.face.engine.dispose()
    # the config still lists alice: `status` tells the operator why she hears nothing
    radar = scheduler.Radar(load_config(config, environ=ENV))
    try:
        line = next(x for x in scheduler.status_lines(radar, NOW) if x.startswith("subscribers:"))
    finally:
        radar.close()
    assert line == (f"subscribers: 1 in the config (1 stopped their alerts on the web: "
                    f"{alice['name'].strip()}), 0 fans subscribed on the web")  # fmt: skip


def test_a_web_fan_gets_each_alert_once_through_the_outbox(
    httpserver: HTTPServer, tmp_path: Path, db_url: str
) -> None:
    feed = growing_feed(httpserver)
    config = write_config(tmp_path / "c.yaml", db_url, httpserver.url_for("/tv/feed/"),
                          "http://radar.test", allowed_schemes=["json"],
                          allow_loopback=True)  # fmt: skip
    once(config)
    app = app_for(config)
    client = TestClient(app, base_url="http://radar.test")
    with Receiver() as rx:
        csrf = csrf_of(client.get("/subscribe").text)
        form = {"csrf": csrf, "url": rx.url("/fan"), "scope": "all", "events": ["renewed"]}
        confirm_at = client.post("/subscribe", data=form, follow_redirects=False)
        code = re.search(r"\b(\d{8})\b", rx.received[0].json()["message"])
        assert code and confirm_at.status_code == 303
        page = confirm_at.headers["location"].removeprefix("http://radar.test")
        client.post(page, data={"csrf": csrf_of(client.get(page).text), "code": code.group(1)})
        feed.append((JESSICA_JONES_TITLE, "https://tv.example.com/jj3", JESSICA_JONES_TEXT))
        once(config)
        once(config)
        assert len(rx.received) == 2  # the code, then one alert
        alert = rx.received[1].json()["message"]
        assert "Jessica Jones" in alert and "http://radar.test/manage/" in alert
    app.state.site.face.engine.dispose()


def test_markup_in_a_story_is_text_on_the_page_and_in_the_feed(tmp_path: Path, db_url: str) -> None:
    config = write_config(tmp_path / "c.yaml", db_url, "http://127.0.0.1:9/feed",
                          "http://radar.test")  # fmt: skip
    app = app_for(config)
    engine = app.state.site.face.engine
    nasty = 'Jessica Jones & <script>alert("x")</script> renewed'
    store = Store(db_url)
    [article] = store.add_articles(
        [Article.make("https://tv.example.com/nasty", nasty, "text", "tv")], NOW
    )
    stored = store.find_article(article.url)
    assert stored is not None
    claim = Claim("Jessica Jones", "renewed", 4, "Netflix", 0.9, nasty, "test")
    with engine.begin() as conn:
        record(conn, stored, [claim], [], NOW)
    store.close()
    client = TestClient(app, base_url="http://radar.test")
    page = client.get("/series/jessica-jones").text
    assert "<script>" not in page and "&lt;script&gt;" in page
    feed = feedparser.parse(client.get("/series/jessica-jones/feed.atom").content)
    assert feed.bozo == 0
    [entry] = feed.entries
    assert "<script>" not in entry.content[0].value  # the HTML carries it as text
    assert "&lt;script&gt;" in entry.content[0].value
    assert nasty in entry.summary
    engine.dispose()


def test_head_answers_like_get_without_a_body(radar_site: TestClient) -> None:
    for path in ("/", "/healthz", "/feed.atom"):
        get, head = radar_site.get(path), radar_site.head(path)
        assert head.status_code == get.status_code and head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]


def test_every_page_link_carries_the_base_urls_path(tmp_path: Path, db_url: str) -> None:
    """Served at https://example.org/radar/ behind a proxy that strips /radar."""
    config = write_config(tmp_path / "c.yaml", db_url, "http://127.0.0.1:9/feed",
                          "http://radar.test/radar/")  # fmt: skip
    app = app_for(config)
    client = TestClient(app, base_url="http://radar.test")
    for path in ("/", "/subscribe", "/series/jessica-jones", "/events", "/admin"):
        page = client.get(path).text
        links = re.findall(r'(?:href|action)="(/[^"]*)"', page)
        assert links and all(link.startswith("/radar/") for link in links), (path, links)
    app.state.site.face.engine.dispose()


def test_migration_0006_goes_down_and_up_again(store: Store) -> None:
    from alembic import command
    from alembic.config import Config as AlembicConfig

    import scraper

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(scraper.__file__).with_name("migrations")))
    for target in ("0005", "head"):
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if target == "0005" else command.upgrade)(cfg, target)
        tables = set(sa.inspect(store.engine).get_table_names())
        assert ("fans" in tables) == (target == "head") == ("heartbeats" in tables)


def test_evidence_from_the_body_is_quoted_above_the_headline(tmp_path: Path, db_url: str) -> None:
    config = write_config(tmp_path / "c.yaml", db_url, "http://127.0.0.1:9/feed",
                          "http://radar.test")  # fmt: skip
    app = app_for(config)
    store = Store(db_url)
    headline = "Netflix sets its spring slate"
    said = "Netflix has renewed Jessica Jones for a fourth season, the streamer said."
    [article] = store.add_articles(
        [Article.make("https://tv.example.com/slate", headline, said, "tv")], NOW
    )
    stored = store.find_article(article.url)
    assert stored is not None
    claim = Claim("Jessica Jones", "renewed", 4, "Netflix", 0.9, said, "test")
    with app.state.site.face.engine.begin() as conn:
        record(conn, stored, [claim], [], NOW)
    store.close()
    page = TestClient(app, base_url="http://radar.test").get("/series/jessica-jones").text
    assert f"<blockquote>{said}</blockquote>" in page
    assert page.count(headline) == 1  # the report's link
    app.state.site.face.engine.dispose()
