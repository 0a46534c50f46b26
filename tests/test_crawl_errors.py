"""A crawl's page that cannot be downloaded: one log line naming it, and an error of the crawl."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scraper import CrawlSpec, Store, run_crawl

LISTING = (
    b'<html><body><div class="river"><h3><a href="/tv/huge.html">Huge</a></h3></div></body></html>'
)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/tv/huge.html":  # says 20 MB, over the 10 MB page limit
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(20_000_000))
            self.end_headers()
            self.wfile.write(b"<html>" + b"x" * 10_000)
            return
        if self.path != "/tv/":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(LISTING)))
        self.end_headers()
        self.wfile.write(LISTING)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_oversized_page_is_one_log_line_and_an_error_of_the_crawl(
    base: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(db)
    store.upgrade()
    store.close()
    spec = CrawlSpec(name="big", start=(f"{base}/tv/",), follow=".river h3", delay=0)
    with caplog.at_level(logging.WARNING, logger="scraper.spiders.run"):
        result = run_crawl(spec, db, timeout=60)
    huge = f"{base}/tv/huge.html"
    assert result.status == "error" and result.error is not None
    assert result.error.startswith(f"1 page(s) could not be downloaded; first: {huge}: ")
    assert "larger than download max size" in result.error
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [f"big: crawl: ERROR scraper.spiders.pipeline: cannot download {huge}: "
                     "Expected to receive 20000000 bytes which is larger than download max size "
                     "(10485760)"]  # fmt: skip
