"""`once` for cron: every source counted, honest exits, `--force`, slow sources not waited on;
and the command line's small promises (`-c` after the command, `--version`...)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from drip import Drip
from pytest_httpserver import HTTPServer
from receivers import Receiver, closed_port
from stories import marvel_feed
from test_end_to_end import serve_feed_with_etag, write_config

import scheduler


def with_sources(config: Path, *sources: dict[str, object], **top: object) -> Path:
    data = json.loads(config.read_text())
    data["sources"] += list(sources)
    config.write_text(json.dumps(data | top))
    return config


def summary(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_once_counts_every_source_and_fails_when_one_failed(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                          httpserver.url_for("/tv/feed/"), [])  # fmt: skip
    with_sources(config, {"name": "dead", "feed": f"http://127.0.0.1:{closed_port()}/feed"})
    args = ["-c", str(config), "once"]
    assert scheduler.main(args) == 1  # a cron job hears of the failure
    assert summary(capsys).startswith(
        "2 sources (1 ok, 0 not modified, 1 failed, 0 skipped while backing off), 2 new stories"
    )
    assert scheduler.main(args) == 0  # nothing failed: the dead source waits out its back-off
    assert summary(capsys).startswith(
        "2 sources (0 ok, 1 not modified, 0 failed, 1 skipped while backing off)"
    )
    assert scheduler.main([*args, "--force"]) == 1  # --force polls it anyway
    assert summary(capsys).startswith(
        "2 sources (0 ok, 1 not modified, 1 failed, 0 skipped while backing off)"
    )


def test_once_on_a_read_only_database_counts_the_sources_as_failed_and_exits_1(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    db = tmp_path / "r.db"
    feed = httpserver.url_for("/tv/feed/")
    writable = write_config(tmp_path / "c.yaml", f"sqlite:///{db}", feed, [])
    assert scheduler.main(["-c", str(writable), "db", "upgrade"]) == 0
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"  # read-only even for root
    config = write_config(tmp_path / "ro.yaml", read_only, feed, [])
    assert scheduler.main(["-c", str(config), "once"]) == 1
    captured = capsys.readouterr()
    assert (
        captured.out.strip()
        .splitlines()[-1]
        .startswith("1 source (0 ok, 0 not modified, 1 failed, 0 skipped while backing off)")
    )


def test_a_slow_source_does_not_hold_up_the_alerts_of_the_others(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    with Receiver() as rx, Drip(limit=300) as drip:
        config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                              httpserver.url_for("/tv/feed/"),
                              [{"name": "alice", "notify": [rx.url("/a")]}])  # fmt: skip
        with_sources(config, {"name": "slow", "feed": drip.url, "fetch_timeout": "10m"})
        exit_code: list[int] = []
        run = threading.Thread(target=lambda: exit_code.append(scheduler.main(
            ["-c", str(config), "once"])))  # fmt: skip
        run.start()
        waited = time.monotonic() + 120
        while not rx.received and time.monotonic() < waited:
            time.sleep(0.1)
        still_polling = run.is_alive()
        drip.release()  # now the slow feed ends
        run.join(120)
        assert len(rx.received) == 1 and still_polling  # delivered while the slow poll went on
    assert exit_code == [0]


def test_c_is_taken_after_the_command_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "x.yaml", "sqlite:///x.db", "https://x.example/feed", [])
    assert scheduler.main(["check-config", "-c", str(config)]) == 0
    assert capsys.readouterr().out.startswith(f"{config}: ok")
    assert scheduler.main(["-c", "nowhere.yaml", "check-config", "--config", str(config)]) == 0


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        scheduler.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"renewal-radar {scheduler.version()}"
    assert scheduler.version()[0].isdigit()


def test_retrying_deliveries_of_an_unknown_subscriber_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = {"name": "alice", "notify": ["json://127.0.0.1:9/"]}
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                          "https://x.example/feed", [alice])  # fmt: skip
    args = ["-c", str(config), "deliveries", "retry", "--subscriber"]
    assert scheduler.main([*args, "nobody"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"renewal-radar: {config}: no subscriber named 'nobody' (subscribers: alice)"
    )
    assert scheduler.main([*args, "alice"]) == 0


@pytest.mark.parametrize("command", [["status"], ["once"], ["db", "upgrade"]])
def test_an_unreachable_database_is_one_clear_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    port = closed_port()
    config = write_config(tmp_path / "c.yaml", f"postgresql://radar:s3cret@127.0.0.1:{port}/radar",
                          "https://x.example/feed", [])  # fmt: skip
    assert scheduler.main(["-c", str(config), *command]) != 0
    err = capsys.readouterr().err.strip()
    where = f"postgresql://radar:***@127.0.0.1:{port}/radar"
    assert err.startswith(f"renewal-radar: cannot reach the database at {where}: ")
    assert "\n" not in err and "s3cret" not in err and "schema" not in err


def test_explain_by_url_reads_only_the_store_unless_told_to_fetch(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/story").respond_with_data("<html></html>", content_type="text/html")
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                          "https://x.example/feed", [])  # fmt: skip
    url = httpserver.url_for("/story")
    assert scheduler.main(["-c", str(config), "db", "upgrade"]) == 0
    capsys.readouterr()
    assert scheduler.main(["-c", str(config), "explain", url]) == 2
    assert capsys.readouterr().err.strip() == (
        f"renewal-radar: {url}: no such story stored in sqlite:///{tmp_path / 'r.db'} "
        "(add --fetch to read the page now)"
    )
    assert httpserver.log == []  # nothing was fetched
    assert scheduler.main(["-c", str(config), "explain", "--fetch", url]) == 2  # no story there
    assert len(httpserver.log) == 1


def test_lxml_html_clean_is_a_direct_dependency() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    names = [
        d.split(">")[0].split("=")[0].split("[")[0] for d in pyproject["project"]["dependencies"]
    ]
    assert "lxml_html_clean" in names or "lxml[html-clean]" in pyproject["project"]["dependencies"]
