"""Benchmark: ingestion, from a feed's bytes to new rows in a SQLite file.

  python bench/bench_ingest.py [--entries N] [--rounds N]

Prints entries/s for `parse_feed` (the fast RSS path, and feedparser, each with our text
extraction), for
`fetch_feed` over loopback HTTP (a full 200 and a conditional 304), and for the
store's batched insert (all new, then all already stored), with the process's
peak memory. The feed is synthetic and written here: items shaped like a trade
feed's, with a few paragraphs of HTML in `content:encoded`.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper import Store, Validators, fetch_feed, make_client, parse_feed

ETAG = '"bench-1"'
PARAGRAPH = (
    "<p>The network said on Tuesday that the drama, which stars a large ensemble cast, will "
    "return next fall. Production begins in Vancouver in the spring, with the showrunner "
    "directing two episodes. <a href='/tv/more/'>Read more</a> about the schedule.</p>"
)


def feed(entries: int) -> bytes:
    """An RSS 2.0 feed of `entries` items with HTML content."""
    date = format_datetime(datetime.now(UTC))
    items = "".join(
        f"<item><title>Series {i} Renewed For Season {i % 9 + 2}</title>"
        f"<link>https://tv.example.com/2026/11/series-{i}/?utm_source=rss</link>"
        f"<guid isPermaLink='false'>bench-{i}</guid><pubDate>{date}</pubDate>"
        f"<description>Series {i} is coming back.</description>"
        f"<content:encoded><![CDATA[{PARAGRAPH * 4}]]></content:encoded></item>"
        for i in range(entries)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Bench TV</title><link>https://tv.example.com/</link>{items}</channel></rss>"
    ).encode()


def serve(body: bytes) -> ThreadingHTTPServer:
    """A loopback server for `body` at any path, answering 304 to our ETag."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", ETAG)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def per_second(label: str, count: int, rounds: int, work: Callable[[], object]) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        work()
    rate = count * rounds / (time.perf_counter() - start)
    print(f"{label:<44} {rate:10.0f} /s")
    return rate


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=200, help="items in the feed")
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    n, rounds = args.entries, args.rounds
    body = feed(n)
    headers = {"Content-Type": "application/rss+xml"}
    url = "https://tv.example.com/feed/"
    print(f"feed: {n} items, {len(body) / 1024:.0f} KiB")
    per_second("parse_feed, fast path (entries)", n, rounds,
               lambda: parse_feed(body, headers, url, "b", "fast"))  # fmt: skip
    per_second("parse_feed, feedparser (entries)", n, rounds,
               lambda: parse_feed(body, headers, url, "b", "feedparser"))  # fmt: skip

    server = serve(body)
    feed_url = f"http://127.0.0.1:{server.server_address[1]}/feed/"
    with make_client() as client:
        per_second("fetch_feed, 200 (entries)", n, rounds,
                   lambda: fetch_feed(client, "b", feed_url, Validators()))  # fmt: skip
        per_second("fetch_feed, 304 (requests)", 1, rounds * 50,
                   lambda: fetch_feed(client, "b", feed_url, Validators(ETAG)))  # fmt: skip
    server.shutdown()

    articles, _ = parse_feed(body, headers, url, "b")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        store.upgrade()
        now = datetime.now(UTC)
        per_second("store.add_articles, all new (SQLite, articles)", n, 1,
                   lambda: store.add_articles(articles, now))  # fmt: skip
        per_second("store.add_articles, all stored (articles)", n, rounds,
                   lambda: store.add_articles(articles, now))  # fmt: skip
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
