"""Benchmark: sources processed per second by 1, 2 and 4 Celery workers (`executor: celery`).

  python bench/bench_cluster.py [--sources N] [--rounds N] [--delay SECONDS]

Needs PostgreSQL (RENEWAL_RADAR_TEST_PG, default the `test` database on 127.0.0.1) and
Redis (RENEWAL_RADAR_TEST_REDIS, default 127.0.0.1:6379/0); it uses a schema and a
queue of its own and removes them. A loopback server answers every feed request after
`--delay` (200 ms), so a worker running one task at a time can do at most 1/delay
sources a second: that is the floor each figure is divided by. Each round enqueues one
tick of every source and times it until every (source, tick) row is done; the
configurations take turns (1, 2, 4, 1, 2, 4, ...) and the median round counts.
Scaling efficiency at 4 workers is rate(4) / (4 x rate(1)); the target is 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from alerts import load_config  # noqa: E402
from cluster import RUN_SOURCE, make_app  # noqa: E402
from scraper import Store  # noqa: E402

PG = os.environ.get("RENEWAL_RADAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("RENEWAL_RADAR_TEST_REDIS", "redis://127.0.0.1:6379/0")
WORKERS = (1, 2, 4)
TARGET = 0.8
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
    b"<item><title>Emmy Voters Weigh In</title><link>https://tv.example.com/emmys</link>"
    b"<description>Academy members shared their picks.</description></item></channel></rss>"
)


def serve(delay: float) -> ThreadingHTTPServer:
    """Every path answers the same small feed after `delay` seconds."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(FEED)))
            self.end_headers()
            self.wfile.write(FEED)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Bench:
    def __init__(self, folder: Path, sources: int, port: int) -> None:
        self.schema = f"bench_{uuid.uuid4().hex[:10]}"
        self.queue = f"rr-bench-{uuid.uuid4().hex[:10]}"
        self.db = f"{PG}?options=-csearch_path%3D{self.schema}"
        self.sources = [f"s{i}" for i in range(sources)]
        self.admin = sa.create_engine(PG.replace("postgresql://", "postgresql+psycopg://", 1))
        with self.admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {self.schema}"))
        self.config = folder / "bench.yaml"
        self.config.write_text(json.dumps({
            "version": 1, "executor": "celery", "database": self.db, "broker_url": REDIS,
            "celery": {"queue": self.queue, "visibility_timeout": "10m"},
            "sources": [{"name": s, "feed": f"http://127.0.0.1:{port}/{s}", "every": "1h"}
                        for s in self.sources],
        }))  # fmt: skip
        Store(self.db).upgrade()
        self.app = make_app(load_config(self.config))
        self.store = Store(self.db)
        self.tick = 0

    def workers(self, n: int) -> list[subprocess.Popen[bytes]]:
        """`n` workers, each running one task at a time; returns once all are ready."""
        command = [sys.executable, "-m", "scheduler", "-c", str(self.config), "worker",
                   "--concurrency", "1"]  # fmt: skip
        procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for _ in range(n)]  # fmt: skip
        client = redis.Redis.from_url(REDIS)
        deadline = time.monotonic() + 120
        while len(list(client.scan_iter(f"{self.queue}:radar-worker:*"))) < n:
            if time.monotonic() > deadline:
                raise SystemExit("bench: the workers did not start within 120 s")
            time.sleep(0.2)
        time.sleep(1)  # a worker beats once it is ready to consume
        return procs

    def with_workers(self, n: int) -> float:
        """One round with `n` workers started for it and stopped after it."""
        procs = self.workers(n)
        try:
            return self.round()
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=60)
            client = redis.Redis.from_url(REDIS)
            for key in client.scan_iter(f"{self.queue}:radar-worker:*"):
                client.delete(key)  # a worker killed at the limit leaves its heartbeat

    def round(self) -> float:
        """One tick of every source; sources processed per second."""
        self.tick += 1
        started = time.perf_counter()
        for name in self.sources:
            self.app.send_task(RUN_SOURCE, args=[name, self.tick])
        query = sa.text("SELECT count(*) FROM source_ticks WHERE tick = :t AND status = 'done'")
        deadline = started + 300
        while True:
            with self.store.engine.connect() as conn:
                if conn.execute(query, {"t": self.tick}).scalar() == len(self.sources):
                    break
            if time.perf_counter() > deadline:
                raise SystemExit(f"bench: tick {self.tick} not done within 300 s")
            time.sleep(0.02)
        return len(self.sources) / (time.perf_counter() - started)

    def close(self) -> None:
        self.app.close()
        self.store.close()
        client = redis.Redis.from_url(REDIS)
        keys = list(client.scan_iter(f"{self.queue}:*"))
        if keys:
            client.delete(*keys)
        with self.admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {self.schema} CASCADE"))
        self.admin.dispose()


def missing_service() -> str | None:
    """Why the bench cannot run here (PostgreSQL or Redis not reachable), or None."""
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as e:
        return f"Redis not reachable at {REDIS} ({type(e).__name__})"
    engine = sa.create_engine(PG.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect():
            return None
    except sa.exc.SQLAlchemyError as e:
        return f"PostgreSQL not reachable ({type(e).__name__})"
    finally:
        engine.dispose()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sources", type=int, default=48)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--delay", type=float, default=0.2)
    args = p.parse_args()
    if missing := missing_service():
        print(f"bench_cluster: skipped: {missing}")
        return 0
    server = serve(args.delay)
    rates: dict[int, list[float]] = {n: [] for n in WORKERS}
    with tempfile.TemporaryDirectory() as folder:
        bench = Bench(Path(folder), args.sources, server.server_address[1])
        try:
            bench.with_workers(max(WORKERS))  # warm: the broker, the source rows
            for _ in range(args.rounds):
                for n in WORKERS:
                    rates[n].append(bench.with_workers(n))
        finally:
            bench.close()
            server.shutdown()
    floor = 1 / args.delay  # one worker, one task at a time, nothing but the wait
    median = {n: statistics.median(r) for n, r in rates.items()}
    for n, r in rates.items():
        print(f"  rounds with {n} worker(s): " + ", ".join(f"{x:.2f}" for x in r) + " sources/s")
    print(f"{args.sources} sources, server delay {args.delay * 1000:.0f} ms, "
          f"median of {args.rounds} alternated rounds")  # fmt: skip
    for n in WORKERS:
        print(f"  {n} worker(s): {median[n]:6.2f} sources/s = {median[n] / (n * floor):.2f} "
              f"of {n} x the floor ({floor:.1f}/s)")  # fmt: skip
    efficiency = median[4] / (4 * median[1])
    verdict = "meets" if efficiency >= TARGET else "MISSES"
    print(f"scaling efficiency at 4 workers: {efficiency:.2f} ({verdict} the target {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
