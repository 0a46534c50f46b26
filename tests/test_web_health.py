"""/healthz as a load balancer or a monitor sees it: 503 while the database is down, 200 after."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from stories import marvel_feed
from tcp_proxy import Proxy
from webface import app_for, once, write_config

from scraper import utcnow


@pytest.mark.postgres
def test_healthz_is_503_while_the_database_is_down_and_200_once_it_is_back(
    httpserver: HTTPServer, tmp_path: Path, pg_url: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        marvel_feed(), content_type="application/rss+xml"
    )
    with Proxy(("127.0.0.1", 5432)) as proxy:
        db_url = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
        assert db_url != pg_url
        config = write_config(tmp_path / "c.yaml", db_url, httpserver.url_for("/feed"),
                              "http://radar.test")  # fmt: skip
        once(config)  # a fetch and a heartbeat: healthy
        app = app_for(config)
        client = TestClient(app, base_url="http://radar.test")
        assert client.get("/healthz").status_code == 200
        proxy.down()
        down = client.get("/healthz")
        assert down.status_code == 503
        assert down.json()["database"] == "error"
        assert down.json()["problems"][0].startswith("database: ")
        proxy.up()
        back = client.get("/healthz")
        assert back.status_code == 200, back.json()
        app.state.site.face.engine.dispose()


def test_healthz_is_503_when_the_scheduler_stopped_beating(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        marvel_feed(), content_type="application/rss+xml"
    )
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'r.db'}",
                          httpserver.url_for("/feed"), "http://radar.test",
                          stale_heartbeat="1s")  # fmt: skip
    once(config)
    app = app_for(config, now=lambda: utcnow() + timedelta(minutes=1))
    body = TestClient(app).get("/healthz")
    assert body.status_code == 503
    assert body.json()["problems"] == ["scheduler: no heartbeat within 1s"]
    app.state.site.face.engine.dispose()
