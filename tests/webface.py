"""Helpers for the web face's tests: a config with `web:`, the app over it, a socket recorder."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from stories import marvel_config, rss

import scheduler
from alerts import load_config
from alerts.web import make_app, make_server, system_resolve
from scraper import Store, utcnow

SECRET = "a-test-secret-of-enough-length-0123456789"
ENV = {"RR_WEB_SECRET": SECRET, "RR_ADMIN": "operator-token-123"}
SEASON_3 = (
    "Jessica Jones Renewed For Season 3 By Netflix",
    "https://tv.example.com/2017/04/jessica-jones-season-3/",
    "<p>Netflix has renewed Marvel's Jessica Jones for a third season, the streamer said.</p>",
)
"""A later renewal of Jessica Jones: a new event."""


def write_config(
    path: Path,
    db_url: str,
    feed: str,
    base_url: str,
    subscribers: list[dict[str, Any]] | None = None,
    **web: Any,
) -> Path:
    web = {"base_url": base_url, "secret": "${RR_WEB_SECRET}", "admin_token": "${RR_ADMIN}", **web}
    path.write_text(json.dumps(marvel_config(db_url, feed, subscribers or [], web=web)))
    return path


def app_for(
    config: Path,
    resolve: Callable[[str], list[str]] = system_resolve,
    now: Callable[[], datetime] = utcnow,
) -> Any:
    cfg = load_config(config, environ=ENV)
    store = Store(cfg.database)
    store.upgrade()
    return make_app(cfg, store.engine, now=now, resolve=resolve)


def csrf_of(page: str) -> str:
    marker = 'name="csrf" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def engine_of(db_url: str) -> sa.Engine:
    return Store(db_url).engine


_CONNECTS: list[Any] = []
_RECORDING = threading.Event()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect" and _RECORDING.is_set():
        _CONNECTS.append(args[1])


sys.addaudithook(_audit)


@contextmanager
def connections() -> Iterator[list[Any]]:
    """Every socket.connect address attempted in the process while the block runs."""
    _CONNECTS.clear()
    _RECORDING.set()
    try:
        yield _CONNECTS
    finally:
        _RECORDING.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any, port: int) -> Iterator[str]:
    """`app` served by uvicorn on 127.0.0.1:`port` in a thread; yields its base URL."""
    server = make_server(app, f"127.0.0.1:{port}")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web face did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def once(config: Path) -> None:
    saved = {k: os.environ.get(k) for k in ENV}
    os.environ.update(ENV)
    try:
        assert scheduler.main(["-c", str(config), "once"]) == 0
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


def growing_feed(httpserver: Any) -> list[tuple[str, str, str]]:
    """Serves /tv/feed/ as RSS of the (title, link, html) items in the list returned: append
    to it to publish a story."""
    from werkzeug import Response

    feed: list[tuple[str, str, str]] = []
    httpserver.expect_request("/tv/feed/").respond_with_handler(
        lambda _: Response(rss(feed), content_type="application/rss+xml")
    )
    return feed
