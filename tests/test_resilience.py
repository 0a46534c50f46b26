"""A full disk or a database restart loses nothing and doubles nothing; the next cycle recovers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from receivers import Receiver
from stories import JESSICA_JONES_TEXT, JESSICA_JONES_TITLE, rss
from test_end_to_end import write_config

import scheduler
from alerts import load_config

APP = "renewal-radar-restart-test"


def radar_with_feed(httpserver: HTTPServer, tmp_path: Path, db_url: str, rx: Receiver) -> Any:
    long_read = "<p>" + "An essay on television. " * 5000 + "</p>"  # needs new pages on disk
    feed = rss([
        (JESSICA_JONES_TITLE, "https://tv.example.com/jj", JESSICA_JONES_TEXT),
        ("A Long Read About Television", "https://tv.example.com/essay", long_read),
    ])  # fmt: skip
    httpserver.expect_request("/feed").respond_with_data(feed, content_type="application/rss+xml")
    config = write_config(tmp_path / "c.yaml", db_url, httpserver.url_for("/feed"),
                          [{"name": "fan", "notify": [rx.url("/f")]}])  # fmt: skip
    radar = scheduler.Radar(load_config(config))
    radar.store.upgrade()
    return radar


def test_a_full_disk_stops_the_cycle_without_losing_or_doubling_an_alert(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    with Receiver() as rx:
        radar = radar_with_feed(httpserver, tmp_path, f"sqlite:///{tmp_path / 'r.db'}", rx)
        engine = radar.store.engine
        with engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        limit = {"pages": pages}

        def cap(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute(f"PRAGMA max_page_count = {limit['pages']}")

        sa.event.listen(engine, "connect", cap)
        engine.dispose()
        [failed] = radar.poll_all()  # the poll failed inside the store: counted, not raised
        assert (
            failed.status == "error" and failed.error == "database error: database or disk is full"
        )
        assert radar.store.counts()["articles"] == 0
        limit["pages"] = 1_000_000
        engine.dispose()
        radar.once()
        radar.once()
        radar.close()
        assert [r.json()["title"] for r in rx.received] == [
            "Jessica Jones renewed for season 2 (Netflix)"
        ]


@pytest.mark.postgres
def test_a_database_restart_between_cycles_is_survived(
    httpserver: HTTPServer, tmp_path: Path, pg_url: str
) -> None:
    with Receiver() as rx:
        radar = radar_with_feed(httpserver, tmp_path, f"{pg_url}&application_name={APP}", rx)
        radar.poll_all()
        admin = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
        with admin.connect() as conn:  # what a server restart does to every session of ours
            killed = conn.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :app"
            ), {"app": APP}).scalar()  # fmt: skip
        admin.dispose()
        assert killed
        created, report = radar.alert_cycle()
        radar.close()
        assert (created, report.sent) == (1, 1)
        assert len(rx.received) == 1


@pytest.mark.postgres
def test_a_database_restart_while_an_alert_is_in_flight_neither_loses_nor_doubles_it(
    httpserver: HTTPServer, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Receiver() as rx:
        radar = radar_with_feed(httpserver, tmp_path, f"{pg_url}&application_name={APP}", rx)
        radar.poll_all()
        radar.process()
        real_send = scheduler.send
        admin = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))

        def send_then_restart(*args: Any, **kwargs: Any) -> Any:
            result = real_send(*args, **kwargs)  # the row is claimed; the server goes away
            with admin.connect() as conn:
                conn.execute(sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :app"
                ), {"app": APP})  # fmt: skip
            return result

        monkeypatch.setattr(scheduler, "send", send_then_restart)  # our seam: the radar's sender
        first = radar.deliver()
        monkeypatch.setattr(scheduler, "send", real_send)
        admin.dispose()
        again = radar.deliver()
        radar.close()
        assert (first.sent, again.sent) == (1, 0)
        assert [r.json()["title"] for r in rx.received] == [
            "Jessica Jones renewed for season 2 (Netflix)"
        ]
