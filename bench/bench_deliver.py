"""Benchmark: delivering a burst of alerts, as a ratio to a keep-alive POST loop.

  python bench/bench_deliver.py [--events 50] [--fans 10] [--rounds 5] [--db URL]

A burst of `events` renewals, each due to `fans` subscribers on one json:// target each,
is delivered by one `deliver_due` pass with the daemon's real sender (Apprise parsing and
validating every URL, our outbox claiming and settling every row in a fresh SQLite file,
or a fresh schema of the PostgreSQL database `--db` names). The floor is the least any
sender could do: a `requests.Session` loop POSTing the same number of Apprise-shaped JSON
bodies over one kept-alive connection.
Both post to the same loopback receiver, a separate process (an HTTP/1.1 server that
keeps connections alive and answers 200 at once), so neither pays for the other's
server. The two take turns (floor, delivery, floor, ...) and each figure is the median
over the rounds of this process's CPU time (`time.process_time`, every thread); the
ratio is floor / delivery, so 1.0x is as fast as the floor and the goal is 0.5x or more.
The wall-clock ratio and the receiver's count of TCP connections are printed beside it.
Exit code 1 when the ratio misses the goal or an alert is missing or doubled.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests
import sqlalchemy as sa
from figures import Figure
from figures import report as report_figure

from alerts import Claim, Connections, Subscriber, deliver_due, record, send
from scraper import Article, Store

GOAL = 0.5
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def serve() -> None:
    """The receiver (run in its own process): counts POSTs and connections per round.

    `GET /count` answers `{"posts": n, "connections": m}` and starts a new count.
    """
    counts = {"posts": 0, "connections": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep the connection open between requests

        def setup(self) -> None:
            super().setup()
            counts["connections"] += 1

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            counts["posts"] += 1
            self._answer(b"")

        def do_GET(self) -> None:
            body = json.dumps(counts).encode()
            counts.update(posts=0, connections=0)
            self._answer(body)

        def _answer(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def counted(port: int) -> dict[str, int]:
    """The receiver's counts since the last call (the count's own connection excluded)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/count", timeout=10) as answer:
        counts: dict[str, int] = json.loads(answer.read())
    counts["connections"] -= 1
    return counts


def burst(db_url: str, port: int, events: int, fans: int) -> tuple[Store, list[Subscriber]]:
    """A store with `events` new renewals, each to be delivered to every one of `fans`."""
    store = Store(db_url)
    store.upgrade()
    subscribers = [
        Subscriber(f"fan{f}", (f"json://127.0.0.1:{port}/hooks/fan{f}",)) for f in range(fans)
    ]
    for n in range(events):
        series = f"Series {n}"
        article = Article.make(
            f"https://tv.example.com/{n}", f"{series} Renewed For Season 2", "Text.", "trade"
        )
        store.add_articles([article], NOW)
        stored = store.find_article(article.url)
        assert stored is not None
        claim = Claim(series, "renewed", 2, "NBC", 0.9, f"{series} was renewed.", "bench")
        with store.engine.begin() as conn:
            record(conn, stored, [claim], subscribers, NOW)
    return store, subscribers


def timed(work: Callable[[], int]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, what `work` counted)."""
    cpu, wall = time.process_time(), time.perf_counter()
    n = work()
    return time.process_time() - cpu, time.perf_counter() - wall, n


def floor_run(port: int, total: int, fans: int, title: str, body: str) -> int:
    """The floor: `total` Apprise-shaped JSON POSTs over one kept-alive `requests.Session`."""
    payload = {"version": "1.0", "title": title, "message": body, "attachments": [],
               "type": "info"}  # fmt: skip
    headers = {"User-Agent": "Apprise", "Content-Type": "application/json"}
    ok = 0
    with requests.Session() as session:
        for n in range(total):
            url = f"http://127.0.0.1:{port}/hooks/fan{n % fans}"
            answer = session.post(url, data=json.dumps(payload), headers=headers, timeout=15)
            ok += answer.status_code == 200
    return ok


def delivery_run(db_url: str, port: int, events: int, fans: int) -> tuple[float, float, int]:
    """One delivery pass over a fresh burst; only the pass is timed."""
    store, subscribers = burst(db_url, port, events, fans)

    def deliver() -> int:  # as the daemon's `Radar.deliver` does it
        with Connections() as connections:

            def sender(url: str, title: str, body: str) -> Any:
                return send(url, title, body, timeout=15.0, connections=connections)

            return deliver_due(store.engine, subscribers, sender, lambda: NOW).sent

    try:
        return timed(deliver)
    finally:
        store.close()


@contextmanager
def fresh_db(base: str, tmp: Path, n: int) -> Iterator[str]:
    """A new empty database for one round: a SQLite file, or a PostgreSQL schema of its own
    (dropped afterwards; nothing outside it is touched)."""
    if base.startswith("sqlite"):
        yield f"sqlite:///{tmp / f'deliver{n}.db'}"
        return
    schema = f"bench_deliver_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=50)
    ap.add_argument("--fans", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--db", default="sqlite", help="sqlite (a fresh file) or a PostgreSQL URL")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve()
        return 0
    receiver = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert receiver.stdout is not None
        port = int(receiver.stdout.readline())
        return measure(args, port)
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


def measure(args: argparse.Namespace, port: int) -> int:
    total = args.events * args.fans
    title, body = "Series 0 renewed for season 2", "**Series 0** renewed for season 2.\n" * 4
    samples: dict[str, list[tuple[float, float]]] = {"floor": [], "delivery": []}
    connections: dict[str, list[int]] = {"floor": [], "delivery": []}
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="rr-deliver-") as tmp:
        with fresh_db(args.db, Path(tmp), -1) as db:
            delivery_run(db, port, 2, 2)  # warm up (imports, caches)
        counted(port)
        for n in range(args.rounds):
            cpu, wall, ok = timed(lambda: floor_run(port, total, args.fans, title, body))
            samples["floor"].append((cpu, wall))
            got = counted(port)
            connections["floor"].append(got["connections"])
            if ok != total or got["posts"] != total:
                problems.append(f"floor round {n}: {ok} ok, {got['posts']} received of {total}")
            with fresh_db(args.db, Path(tmp), n) as db:
                cpu, wall, sent = delivery_run(db, port, args.events, args.fans)
            samples["delivery"].append((cpu, wall))
            got = counted(port)
            connections["delivery"].append(got["connections"])
            if sent != total or got["posts"] != total:
                problems.append(f"delivery round {n}: {sent} sent, {got['posts']} received "
                                f"of {total}")  # fmt: skip
    return report(args, total, samples, connections, problems)


def report(
    args: argparse.Namespace,
    total: int,
    samples: dict[str, list[tuple[float, float]]],
    connections: dict[str, list[int]],
    problems: list[str],
) -> int:
    cpu = {k: statistics.median(c for c, _ in s) for k, s in samples.items()}
    wall = {k: statistics.median(w for _, w in s) for k, s in samples.items()}
    db = "SQLite" if args.db.startswith("sqlite") else "PostgreSQL"
    print(f"delivering {total} alerts ({args.events} events x {args.fans} json:// fans, {db}), "
          f"median of {args.rounds} alternated rounds")  # fmt: skip
    for kind in ("floor", "delivery"):
        print(f"  {kind:<9} CPU {cpu[kind] * 1000:7.1f} ms ({cpu[kind] / total * 1e6:5.0f} us "
              f"an alert), wall {wall[kind] * 1000:7.1f} ms, TCP connections "
              f"{statistics.median(connections[kind]):.0f}")  # fmt: skip
    ratio = cpu["floor"] / cpu["delivery"]
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    detail = (
        f"{total} alerts in one pass, {cpu['delivery']:.2f} s CPU vs a requests.Session "
        f"keep-alive loop {cpu['floor']:.2f} s, median of {args.rounds} alternated rounds "
        f"({db}); wall-clock ratio {wall['floor'] / wall['delivery']:.2f}x; "
        f"TCP connections {statistics.median(connections['delivery']):.0f} vs "
        f"{statistics.median(connections['floor']):.0f}"
    )
    figure = report_figure(Figure("deliver.burst", ratio, GOAL, ">=", "x", detail))
    return 0 if figure.ok and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
