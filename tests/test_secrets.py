"""No Apprise token reaches a log line, an error, or `status`, over a whole run."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote

import pytest
from pytest_httpserver import HTTPServer
from receivers import Receiver, closed_port
from stories import MARVEL_SERIES, marvel_feed
from test_end_to_end import serve_feed_with_etag, write_config

import scheduler
from alerts import deliveries
from scraper import Store

TOKENS = ("tok3nAlpha99", "s3cretBravo77", "pw0rdCharlie55", "PLAINSECRETWORD")


def test_no_token_appears_anywhere_in_a_whole_run(
    httpserver: HTTPServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    caplog.set_level(logging.DEBUG)
    with Receiver() as ok, Receiver() as failing:
        failing.answer(500)
        urls = [
            ok.url(f"/a/{TOKENS[0]}", auth=f"alice:{TOKENS[0]}"),  # a token in the path too
            failing.url(f"/b/{TOKENS[3]}?+X-Api-Key={TOKENS[1]}", auth=f"carol:{TOKENS[3]}"),
            f"json://bob:{TOKENS[2]}@127.0.0.1:{closed_port()}/c",
        ]
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", httpserver.url_for("/tv/feed/"),
            [{"name": "alice", "notify": urls, "series": MARVEL_SERIES}],
            delivery={"retry": ["0s"]}, maintainers=[urls[2]],
        )  # fmt: skip
        commands = (["check-config"], ["once"], ["once"], ["status"], ["test-notify", "alice"],
                    ["deliveries", "retry"], ["-v", "once"], ["status"])  # fmt: skip
        for command in commands:
            scheduler.main(["-c", str(config), *command])
        assert len(ok.received) == 2  # the alert and the test message
        # the alert, its retry, the test message, the retry of the requeued dead delivery
        assert len(failing.received) == 4
    out, err = capsys.readouterr()
    logged = [r.getMessage() for r in caplog.records]
    traces = [r.exc_info for r in caplog.records if r.exc_info]
    logged += [logging.Formatter().formatException(t) for t in traces]
    everything = "\n".join([out, err, *logged])
    assert "dead" in out  # the failing targets were reported...
    for token in TOKENS:
        assert token not in everything  # ...without their secrets


def test_status_shows_no_token_from_a_label_an_older_release_stored(
    httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_feed_with_etag(httpserver, marvel_feed())
    token = "OLDLABELTOKEN"
    with Receiver() as rx:
        rx.answer(500)
        url = rx.url(f"/hooks/{token}", auth=f"alice:{token}")
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}", httpserver.url_for("/tv/feed/"),
            [{"name": "alice", "notify": [url], "series": MARVEL_SERIES}],
            delivery={"retry": []},
        )  # fmt: skip
        scheduler.main(["-c", str(config), "once"])
    old = f"json://alice:****@127.0.0.1:{rx.port}/hooks/{token}?method=POST&overflow=upstream"
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    with store.engine.begin() as conn:  # what an older release wrote
        conn.execute(deliveries.update().values(target_label=old, last_error=f"{old}: failure"))
    store.close()
    capsys.readouterr()

    assert scheduler.main(["-c", str(config), "status"]) == 0

    out = capsys.readouterr().out
    assert "dead: Jessica Jones renewed to alice (json://alice:****@127.0.0.1:" in out
    assert token not in out


ENV_TOKENS = {
    "RR_LETTERS": "QwErTyUiOpAsDfGh",  # 16 letters: nothing about its shape says "token"
    "RR_DIGITS": "902713845566",
    "RR_SHORT": "x7Qz9p",
    "RR_SYMBOLS": "k-e_y.t~ok-9",
    "RR_ENCODED": "s3cr%2Ft%3Dv%40l",  # URL-encoded: "s3cr/t=v@l" once decoded
    "RR_DBFILE": "radar-7Hk2Lm.db",  # the database's name: `status` shows its URL
}


def test_no_value_from_the_environment_shows_in_any_output_log_or_the_database_file(
    httpserver: HTTPServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in ENV_TOKENS.items():
        monkeypatch.setenv(name, value)
    serve_feed_with_etag(httpserver, marvel_feed())
    caplog.set_level(logging.DEBUG)
    refused = closed_port()
    with Receiver() as ok, Receiver() as failing:
        failing.answer(500)
        subscribers = [
            {"name": "alice", "series": MARVEL_SERIES, "notify": [
                ok.url("/hooks/${RR_LETTERS}"), ok.url("/d", auth="fan:${RR_DIGITS}")]},
            {"name": "bob", "series": MARVEL_SERIES, "notify": [
                failing.url("/u/${RR_SYMBOLS}", auth="${RR_SHORT}:pw4bob")]},
            {"name": "carol", "series": MARVEL_SERIES, "notify": [
                f"json://127.0.0.1:{refused}/e/${{RR_ENCODED}}"]},
        ]  # fmt: skip
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{tmp_path}/${{RR_DBFILE}}",
            httpserver.url_for("/tv/feed/"), subscribers, delivery={"retry": ["0s"]},
            maintainers=[f"json://127.0.0.1:{refused}/m/${{RR_LETTERS}}"],
        )  # fmt: skip
        commands = (["check-config"], ["once"], ["once"], ["status"], ["test-notify", "alice"],
                    ["test-notify", "bob"], ["test-notify", "carol"], ["deliveries", "retry"],
                    ["-v", "once"], ["status"])  # fmt: skip
        for command in commands:
            scheduler.main(["-c", str(config), *command])
        assert len(ok.received) == 4  # two alerts, two test messages
        assert ok.received[0].path == f"/hooks/{ENV_TOKENS['RR_LETTERS']}"  # sent as given
    out, err = capsys.readouterr()
    logged = [r.getMessage() for r in caplog.records]
    logged += [r.exc_text or "" for r in caplog.records]
    traces = [r.exc_info for r in caplog.records if r.exc_info]
    logged += [logging.Formatter().formatException(t) for t in traces]
    everything = "\n".join([out, err, *logged])
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("radar-*"))
    assert stored
    assert f"database: sqlite:///{tmp_path}/****" in out
    assert "dead: Jessica Jones renewed to bob (json://****:****@127.0.0.1:" in out
    assert len(failing.received) == 4  # the alert, its retry, the test, the requeued retry
    assert "/u/****" in out and "/e/****" in out and "/hooks/****" in out
    for token in ENV_TOKENS.values():
        for form in {token, unquote(token), token.replace("%3D", "=").replace("%40", "@")}:
            assert form not in everything
            assert form.encode() not in stored


def test_an_environment_value_an_older_release_stored_is_masked_and_gone_from_the_file(
    httpserver: HTTPServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = ENV_TOKENS["RR_LETTERS"]
    monkeypatch.setenv("RR_LETTERS", token)
    serve_feed_with_etag(httpserver, marvel_feed())
    db = tmp_path / "r.db"
    with Receiver() as rx:
        rx.answer(500)
        config = write_config(
            tmp_path / "c.yaml", f"sqlite:///{db}", httpserver.url_for("/tv/feed/"),
            [{"name": "alice", "notify": [rx.url("/hooks/${RR_LETTERS}")], "series": ["Daredevil"]},
             {"name": "bob", "notify": [rx.url("/b")], "series": MARVEL_SERIES}],
            delivery={"retry": []},
        )  # fmt: skip
        scheduler.main(["-c", str(config), "once"])
    store = Store(f"sqlite:///{db}")
    with store.engine.begin() as conn:  # what a release that guessed from a token's shape wrote
        old = f"json://127.0.0.1:{rx.port}/hooks/{token}?method=POST"
        gone = "0" * 64  # a target since removed from the config: no fresh label to put in
        conn.execute(deliveries.update().values(target_label=old, last_error=f"{old}: failure",
                                                target_key=gone))  # fmt: skip
    store.close()
    assert token.encode() in db.read_bytes()
    capsys.readouterr()

    assert scheduler.main(["-c", str(config), "status"]) == 0

    out = capsys.readouterr().out
    assert f"dead: Jessica Jones renewed to bob (json://127.0.0.1:{rx.port}/hooks/****" in out
    assert token not in out
    assert not [p for p in tmp_path.glob("r.db*") if token.encode() in p.read_bytes()]
