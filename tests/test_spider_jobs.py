"""Spider sources through the whole service: config, `once`, the store, alerts; hangs are killed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import marvel_feed
from test_spiders import SITEMAP_STORIES, TradeSite, site  # noqa: F401  (fixture)

import scheduler
from alerts import ConfigError, load_config
from scraper import Store


def spider_config(path: Path, db: str, sources: list[dict[str, object]], fan: str) -> Path:
    titles = ("Nightwatch", "Harbor Lights", "The Glass Harbor", "Jessica Jones")
    fans = [{"name": "fan", "notify": [fan], "series": ["Nightwatch", "Jessica Jones"]}]
    path.write_text(json.dumps({
        "version": 1, "database": db, "sources": sources,
        "series": [{"title": t} for t in titles], "subscribers": fans,
        "contact": "https://radar.example.org/contact",
    }))  # fmt: skip
    return path


def test_a_sitemap_source_stores_allowed_stories_and_alerts_once(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    source = {"name": "trade-wire", "sitemap": f"{site.base}/news-sitemap.xml", "delay": "0s"}
    with Receiver() as rx:
        config = spider_config(tmp_path / "c.yaml", db, [source], rx.url("/fan"))
        assert scheduler.main(["-c", str(config), "once"]) == 0
        store = Store(db)
        stored = {a.article.title for a in store.recent_articles()}
        store.close()
        assert stored == set(SITEMAP_STORIES.values())
        assert site.paths("/private/") == []
        assert site.requests[0] == "/robots.txt"
        assert site.agents == {  # the project and the config's contact URL
            "renewal-radar/0.1 (TV renewal and cancellation alerts; "
            "+https://radar.example.org/contact)"
        }
        first = list(site.requests)
        assert scheduler.main(["-c", str(config), "once"]) == 0
        again = site.requests[len(first) :]
        assert [p for p in again if p.startswith("/news/")] == []
        titles = [r.json()["title"] for r in rx.received]
    assert titles == ["Nightwatch renewed for season 3"]


def test_a_hanging_crawl_is_killed_and_the_other_sources_still_run(
    site: TradeSite,  # noqa: F811
    httpserver: HTTPServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        marvel_feed(), content_type="application/rss+xml"
    )
    hang = {"name": "stuck", "sitemap": f"{site.base}/hang/sitemap.xml", "timeout": "3s"}
    feed = {"name": "wire", "feed": httpserver.url_for("/feed")}
    with Receiver() as rx:
        config = spider_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                               [hang, feed], rx.url("/fan"))  # fmt: skip
        assert scheduler.main(["-c", str(config), "once"]) == 1  # one source failed
        assert len(rx.received) == 1
        scheduler.main(["-c", str(config), "status"])
    out = capsys.readouterr().out
    assert "2 sources (1 ok, 0 not modified, 1 failed," in out
    assert "stuck: error" in out and "backing off until" in out
    assert "crawl timed out after 3s" in out
    about_it = [r.getMessage() for r in caplog.records if "stuck" in r.getMessage()]
    [line] = about_it  # one line
    assert line.startswith("stuck: error (1 in a row): crawl timed out after 3s; backing off until")


def test_a_renewal_read_before_a_crawl_timed_out_still_alerts(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    index = f"{site.base}/sitemap-index-with-hang.xml"  # its second sitemap never answers
    source = {"name": "trade-wire", "sitemap": index, "delay": "0s", "timeout": "6s"}
    with Receiver() as rx:
        config = spider_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                               [source], rx.url("/fan"))  # fmt: skip
        assert scheduler.main(["-c", str(config), "once"]) == 1  # its only source failed
        scheduler.main(["-c", str(config), "status"])
        titles = [r.json()["title"] for r in rx.received]
    assert titles == ["Nightwatch renewed for season 3"]
    out = capsys.readouterr().out
    assert "trade-wire: error" in out and ", 3 stories, 1 failure in a row" in out
    assert "crawl timed out after 6s (3 new stories stored before it stopped)" in out


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ({"name": "x"}, "sources[0]: give exactly one of feed, sitemap or crawl"),
        ({"name": "x", "feed": "https://a/f", "sitemap": "https://a/s"}, "exactly one"),
        ({"name": "x", "crawl": {"start": ["https://a/tv"]}}, "give follow"),
        ({"name": "x", "crawl": {"start": ["https://a/tv"], "follow": "h3[["}},
         "sources[0].crawl.follow: not a CSS selector"),
        ({"name": "x", "crawl": {"start": ["https://a/tv"], "allow": "(("}},
         "sources[0].crawl.allow: not a regular expression"),
        ({"name": "x", "sitemap": "ftp://a/s"}, "sources[0].sitemap: not an http(s) URL"),
        ({"name": "x", "crawl": {"start": ["https://a/tv"], "follow": "h3 a::attr(href)"}},
         "sources[0].crawl.follow: selects text or attributes (::text, ::attr), not elements"),
        ({"name": "x", "crawl": {"start": ["https://a/tv"], "allow": "a", "next": "a::text"}},
         "sources[0].crawl.next: selects text or attributes"),
        ({"name": "x", "crawl": {"start": [], "allow": "a"}},
         "sources[0].crawl.start: must not be empty"),
        ({"name": "x", "crawl": "https://a/tv"},
         "sources[0].crawl: must be a mapping of keys (key: value lines), not a single value"),
        ({"name": "x", "sitemap": "https://a/s", "timeout": "0s"},
         "sources[0].timeout: must be at least 1s"),
        ({"name": "x", "feed": "https://a/f", "max_age": "1d"},
         "sources[0].max_age: only sitemap and crawl sources take it (a feed is read whole)"),
    ],
)  # fmt: skip
def test_spider_sources_are_validated_with_paths(
    tmp_path: Path, source: dict[str, object], problem: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps({"version": 1, "sources": [source]}))
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert any(problem in p for p in caught.value.problems), caught.value.problems


BAD_SPIDERS = """\
version: 1
sources:
  - name: bad-regex
    crawl: {start: ["https://a.example/tv/"], allow: "^https://a\\\\.example/(\\\\d{4}"}
  - name: bad-css
    crawl: {start: ["https://a.example/tv/"], follow: "h3[[", next: "a..next"}
  - name: no-links
    crawl: {start: ["https://a.example/tv/"], pages: -1}
  - name: typos
    sitemap: https://a.example/news-sitemap.xml
    max_pagez: 10
"""


def test_check_config_names_each_spider_problem_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(BAD_SPIDERS)
    assert scheduler.main(["-c", str(path), "check-config"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: line 4: sources[0].crawl.allow: not a regular expression: "
        "missing ), unterminated subpattern at position 20",
        f"{path}: line 6: sources[1].crawl.follow: not a CSS selector: "
        "Expected ident or '*', got <DELIM '[' at 3>",
        f"{path}: line 6: sources[1].crawl.next: not a CSS selector: "
        "Expected ident, got <DELIM '.' at 2>",
        f"{path}: line 8: sources[2].crawl.pages: must be at least 1",
        f"{path}: line 8: sources[2].crawl: give follow (a CSS selector) or allow (a URL regex) "
        "for article links",  # beside the field error, not instead of it
        f"{path}: line 11: sources[3].max_pagez: unknown key",
    ]


def ops_config(path: Path, db: str, source: dict[str, object], ops: str, runs: int) -> Path:
    """A config with one source and a maintainer told after `runs` empty runs."""
    config = spider_config(path, db, [source], ops + "-fan")
    data = json.loads(config.read_text())
    data["maintainers"] = [ops]
    data["health"] = {"empty_runs_before_alert": runs}
    config.write_text(json.dumps(data))
    return config


def test_a_source_that_finds_nothing_for_runs_in_a_row_shows_and_tells_maintainers(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = [f"{site.base}/tv/index.html"]
    redesigned = {"name": "redesigned", "delay": "0s",
                  "crawl": {"start": start, "follow": ".old-river h3"}}  # fmt: skip
    db = f"sqlite:///{tmp_path / 'r.db'}"
    with Receiver() as ops:
        config = ops_config(tmp_path / "c.yaml", db, redesigned, ops.url("/ops"), runs=2)
        for _ in range(3):
            assert scheduler.main(["-c", str(config), "once"]) == 0
        scheduler.main(["-c", str(config), "status"])
        assert "no article found in 3 runs in a row" in capsys.readouterr().out
        repaired = redesigned | {"crawl": {"start": start, "follow": ".river h3"}}
        fixed = ops_config(tmp_path / "c.yaml", db, repaired, ops.url("/ops"), runs=2)
        assert scheduler.main(["-c", str(fixed), "once"]) == 0
        messages = [r.json() for r in ops.received]
    assert [m["title"] for m in messages] == [
        "Renewal Radar: source redesigned finds nothing",
        "Renewal Radar: source redesigned finds articles again",
    ]
    assert f"({start[0]}) may have changed" in messages[0]["message"]
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    line = f"redesigned: no article found in 2 runs in a row; has {start[0]} changed?"
    assert warned.count(line) == 1


def test_links_that_lead_to_no_story_count_as_finding_nothing(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The listing still links, but the pages behind the links are no stories (here a
    # hub page; after a redesign, story pages the extractor no longer reads).
    start = [f"{site.base}/tv/index.html"]
    hub = {"name": "hub", "delay": "0s", "crawl": {"start": start, "allow": r"/about\.html$"}}
    db = f"sqlite:///{tmp_path / 'r.db'}"
    with Receiver() as ops:
        config = ops_config(tmp_path / "c.yaml", db, hub, ops.url("/ops"), runs=2)
        for _ in range(2):
            assert scheduler.main(["-c", str(config), "once"]) == 0
        scheduler.main(["-c", str(config), "status"])
        titles = [r.json()["title"] for r in ops.received]
    assert titles == ["Renewal Radar: source hub finds nothing"]
    out = capsys.readouterr().out
    assert "hub: ok" in out and "no article found in 2 runs in a row" in out
    assert "none of 1 article links led to a story (1 pages read)" in out


def test_a_crawl_whose_stories_are_all_stored_is_not_finding_nothing(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    start = [f"{site.base}/tv/index.html"]
    listing = {"name": "tv", "delay": "0s", "crawl": {"start": start, "follow": ".river h3"}}
    db = f"sqlite:///{tmp_path / 'r.db'}"
    with Receiver() as ops:
        config = ops_config(tmp_path / "c.yaml", db, listing, ops.url("/ops"), runs=1)
        for _ in range(2):
            assert scheduler.main(["-c", str(config), "once"]) == 0
        scheduler.main(["-c", str(config), "status"])
        assert ops.received == []
    out = capsys.readouterr().out
    assert "tv: ok" in out and "no article found" not in out and "led to a story" not in out


def test_a_page_budget_spent_on_listing_pages_is_said_and_is_not_finding_nothing(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    start = [f"{site.base}/tv/index.html"]
    deep = {"name": "tv", "delay": "0s", "max_pages": 3,  # robots.txt and two listing pages
            "crawl": {"start": start, "follow": ".river h3", "next": "a.next"}}  # fmt: skip
    with Receiver() as ops:
        config = ops_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", deep,
                            ops.url("/ops"), runs=1)  # fmt: skip
        assert scheduler.main(["-c", str(config), "once"]) == 0
        scheduler.main(["-c", str(config), "status"])
        assert ops.received == []
    assert site.paths("/tv/2026/") == []
    out = capsys.readouterr().out
    assert "tv: ok" in out and "no article found" not in out
    assert "max_pages (3) spent before every link was read; the rest waits" in out


def test_readme_presets_are_valid_sources(tmp_path: Path) -> None:
    """The documented presets load as they are written (they cannot be crawled offline)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    presets = re.findall(r"^\| ([^|]+?) \| `(sitemap|feed): (https://\S+)` \|$", readme, re.M)
    assert len(presets) >= 4, "README lost its presets table"
    sources = [{"name": re.sub(r"\W+", "-", outlet.lower()), kind: url}
               for outlet, kind, url in presets]  # fmt: skip
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps({"version": 1, "sources": sources}))
    assert [s.url for s in load_config(path, environ={}).sources] == [p[2] for p in presets]


def marked_processes(marker: str) -> list[int]:
    """Our processes whose environment carries `marker` (a daemon and its crawls)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"RADAR_TEST_MARK={marker}".encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:  # gone, or not ours
            continue
    return found


def test_the_daemon_stops_within_10_seconds_and_kills_a_hanging_crawl(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
) -> None:
    if not Path("/proc/self/environ").exists():
        pytest.skip("needs /proc to find the crawl process")
    hang = {"name": "stuck", "sitemap": f"{site.base}/hang/sitemap.xml", "timeout": "5m"}
    config = spider_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", [hang],
                           "json://127.0.0.1:9/fan")  # fmt: skip
    marker = uuid.uuid4().hex
    proc = subprocess.Popen(
        [sys.executable, "-m", "scheduler", "-c", str(config), "run"],
        cwd=Path(__file__).resolve().parents[1], env=os.environ | {"RADAR_TEST_MARK": marker},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not site.paths("/hang/") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert site.paths("/hang/") == ["/hang/sitemap.xml"]  # the crawl is waiting on it
        assert len(marked_processes(marker)) == 2  # the daemon and its crawl
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=12) == 0
        assert time.monotonic() - began < 10
        assert marked_processes(marker) == []  # no crawl left behind
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
