"""schemathesis over the served OpenAPI document: no server error, every answer as documented.

A short run (a few examples per operation) over a database holding one event, so the
paths with data are exercised too; `/healthz` may answer 503 (no daemon beats here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from pytest_httpserver import HTTPServer
from stories import marvel_feed
from webface import app_for, once, write_config


@pytest.fixture
def api_schema(httpserver: HTTPServer, tmp_path: Path) -> Iterator[Any]:
    httpserver.expect_request("/tv/feed/").respond_with_data(
        marvel_feed(), content_type="application/rss+xml"
    )
    config = write_config(tmp_path / "c.yaml", f"sqlite:///{tmp_path / 'radar.db'}",
                          httpserver.url_for("/tv/feed/"), "http://radar.test")  # fmt: skip
    once(config)
    app = app_for(config)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.site.face.engine.dispose()


def test_the_api_answers_every_generated_request_without_a_server_error(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/series", "/api/v1/events", "/healthz"}
    called: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case: Any) -> None:
            case.call_and_validate()
            called.append(case.path)

        check()
    assert set(called) == {op.path for op in operations}  # every operation was exercised
