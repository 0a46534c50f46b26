"""Benchmark: a whole `renewal-radar once` from a cold SQLite database, as a ratio to feedparser.

  python bench/bench_once.py [--rounds N] [--polls N]

The data is bench/wpfeeds.py's: 40 WordPress-style feeds (1,347 entries, 9.3 MB) served
on loopback, 100 watched titles, and one digest fan (so events queue deliveries, none
sent during the run). Each round, alternately:

- `once`: the command as a user runs it, a new process on a new database file;
- the floor: `feedparser.parse` with its defaults (sanitizing, relative URIs resolved)
  over the same 40 feeds' bytes, timed inside its own process around the parsing alone.

Both in CPU seconds (user + system) of the child, the median of the rounds. The figure
`once.vs-feedparser` is floor / once: 2x means the whole command, start-up, fetching,
parsing, storing, detecting and recording included, costs half of feedparser's parse.

Then the 304s: `once` again on the same database (every feed answers 304 Not Modified),
and `--polls` conditional GETs in a row on one client; the loopback server counts the
TCP connections it accepted. `poll304.per-connection` is polls per connection: all
polls on one pooled connection is the goal.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from figures import Figure, alternate, cpu_of, exit_code, report
from wpfeeds import write

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
FLOOR = """
import sys, time, feedparser
bodies = [open(p, 'rb').read() for p in sys.argv[1:]]
start = time.process_time()
n = sum(len(feedparser.parse(b).entries) for b in bodies)
print(time.process_time() - start, n)
"""


class Server(ThreadingHTTPServer):
    """Serves a folder's feeds over HTTP/1.1 keep-alive, with ETags; counts connections."""

    daemon_threads = True

    def __init__(self, folder: Path) -> None:
        self.bodies = {f"/{p.name}": p.read_bytes() for p in folder.glob("*.xml")}
        self.connections = 0
        self.requests = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: object, client_address: object) -> None:
        with self.lock:
            self.connections += 1
        super().process_request(request, client_address)  # type: ignore[arg-type]

    def counts(self) -> tuple[int, int]:
        with self.lock:
            return self.connections, self.requests

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.requests += 1
        body = self.server.bodies.get(self.path)
        if body is None:
            self.send_error(404)
            return
        etag = f'"{len(body)}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def config(server: Server, names: list[str], db: Path, watchlist: str) -> str:
    sources = "".join(
        f"  - name: tv{k:02d}\n    feed: {server.url(name)}\n    every: 10m\n"
        for k, name in enumerate(names)
    )
    return (
        f"version: 1\ndatabase: sqlite:///{db}\nsources:\n{sources}{watchlist}"
        "subscribers:\n  - name: fan\n    notify: ['json://127.0.0.1:9/']\n"
        "    series: all\n    mode: digest\n    digest_at: '08:00'\n"
    )


def once(work: Path, server: Server, names: list[str], watchlist: str, db: Path) -> float:
    """CPU seconds of one `renewal-radar once` on database `db` (cold if it is new)."""
    path = work / "config.yaml"
    path.write_text(config(server, names, db, watchlist))
    out = work / "once.out"
    with out.open("w") as fh:
        return cpu_of([str(BIN / "renewal-radar"), "-c", str(path), "once"],
                      stdout=fh, stderr=subprocess.STDOUT)  # fmt: skip


def floor(paths: list[Path]) -> float:
    done = subprocess.run([sys.executable, "-c", FLOOR, *map(str, paths)], check=True,
                          capture_output=True, text=True)  # fmt: skip
    seconds, entries = done.stdout.split()
    assert int(entries) == 1347, entries
    return float(seconds)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--polls", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-once-") as tmp:
        work = Path(tmp)
        paths = write(work / "feeds", datetime.now(UTC))
        size = sum(p.stat().st_size for p in paths)
        watchlist = (work / "feeds" / "watchlist.yaml").read_text()
        server = Server(work / "feeds")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        names = [p.name for p in paths]
        print(f"data: {len(paths)} feeds, {size / 1e6:.2f} MB, 1347 entries, 100 watched titles")
        dbs = iter(range(10**6))

        def cold() -> float:
            return once(work, server, names, watchlist, work / f"cold-{next(dbs)}.db")

        medians = alternate({"once": cold, "floor": lambda: floor(paths)}, args.rounds)
        print((work / "once.out").read_text().strip().splitlines()[-1])
        figures = [report(Figure(
            "once.vs-feedparser", medians["floor"] / medians["once"], 2.0,
            detail=f"once {medians['once']:.2f} s vs feedparser.parse defaults "
            f"{medians['floor']:.2f} s, CPU, median of {args.rounds} alternated rounds",
        ))]  # fmt: skip
        figures += polls304(work, server, names, watchlist, args.polls)
        server.shutdown()
    return exit_code(figures)


def polls304(
    work: Path, server: Server, names: list[str], watchlist: str, polls: int
) -> list[Figure]:
    db = work / "warm.db"
    once(work, server, names, watchlist, db)  # 200s: stores the validators
    before, asked = server.counts()
    seconds = once(work, server, names, watchlist, db)
    conns, requests = (a - b for a, b in zip(server.counts(), (before, asked), strict=True))
    print(f"once, all 304: {requests} requests on {conns} TCP connections, {seconds:.2f} s CPU; "
          + (work / "once.out").read_text().strip().splitlines()[-1])  # fmt: skip
    code = (
        "import sys; from scraper import make_client, fetch_feed, Validators\n"
        "with make_client() as c:\n"
        f"    v = fetch_feed(c, 'b', sys.argv[1], Validators()).validators\n"
        f"    for _ in range({polls}):\n"
        "        r = fetch_feed(c, 'b', sys.argv[1], v)\n"
        "        assert r.status == 'not_modified', r\n"
    )
    before, asked = server.counts()
    env = os.environ | {"PYTHONPATH": str(HERE.parent)}
    subprocess.run([sys.executable, "-c", code, server.url(names[0])], check=True, env=env)
    conns, requests = (a - b for a, b in zip(server.counts(), (before, asked), strict=True))
    print(f"one client, 1 GET then {polls} conditional GETs: {requests} requests "
          f"on {conns} TCP connections")  # fmt: skip
    return [report(Figure(
        "poll304.per-connection", requests / max(conns, 1), requests, unit="polls",
        detail=f"{requests} GETs (1 full, {polls} answered 304) on {conns} TCP connection(s); "
        "one per poll is what unread 304 bodies cost",
    ))]  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
