"""What the scale-out tests share: Redis, a loopback trade press whose stories change per tick,
and `renewal-radar worker`/`run` processes with their own queue (parallel runs never meet)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from stories import rss

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("RENEWAL_RADAR_TEST_REDIS", "redis://127.0.0.1:6379/0")
REDIS_HOWTO = (
    "Redis is not reachable at 127.0.0.1:6379; start it with `redis-server --daemonize yes "
    '--bind 127.0.0.1 --port 6379 --save "" --appendonly no` or set RENEWAL_RADAR_TEST_REDIS'
)
ADJECTIVES = ["Amber", "Broken", "Cobalt", "Distant", "Electric", "Fallen", "Golden", "Hollow",
              "Iron", "Jade", "Kingly", "Lonely"]  # fmt: skip
NOUNS = ["Harbor", "Meadow", "Signal", "Orchard", "Lantern", "Current", "Frontier", "Cellar",
         "Chapel", "Garrison"]  # fmt: skip


def redis_or_skip() -> str:
    """The test Redis URL, or skip (fail under RENEWAL_RADAR_REQUIRE_SERVICES=1) without it."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as e:
        if os.environ.get("RENEWAL_RADAR_REQUIRE_SERVICES"):
            pytest.fail(f"{REDIS_HOWTO}: {e}")
        pytest.skip(REDIS_HOWTO)
    return REDIS_URL


def forget_queue(queue: str) -> None:
    """Delete every Redis key of `queue` (its list, unacked messages, heartbeats)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{queue}:*"))
    if keys:
        client.delete(*keys)


def title(source: int, tick: int) -> str:
    """The series source `source` reports renewed in tick `tick` (120 distinct titles)."""
    n = source * 3 + tick - 1
    return f"{ADJECTIVES[n % 12]} {NOUNS[n // 12 % 10]}"


class Press:
    """A loopback site with one feed per source; feed `i` carries a renewal per tick so far."""

    def __init__(self, sources: int, delay: float = 0.0) -> None:
        self.sources, self.delay, self.tick = sources, delay, 1
        self.slow: dict[str, float] = {}
        self.hits: Counter[tuple[str, int]] = Counter()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/s{i}"

    def feed(self, path: str) -> str:
        i = int(path.strip("/").removeprefix("s"))
        items = [(f"{title(i, k)} Renewed For Season 3", f"https://press.example.com/{i}/{k}",
                  f"<p>The network has renewed {title(i, k)} for a third season.</p>")
                 for k in range(1, self.tick + 1)]  # fmt: skip
        return rss(items)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(press: Press) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with press.lock:
                press.hits[(self.path, press.tick)] += 1
            time.sleep(press.slow.get(self.path, press.delay))
            body = press.feed(self.path).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def cluster_config(tmp_path: Path, pg_url: str, press: Press, notify: str, **extra: Any) -> Path:
    """A celery config over `press`'s feeds, watching every title, one fan at `notify`."""
    queue = f"rr-test-{uuid.uuid4().hex[:10]}"
    every = extra.pop("every", "1h")
    config = tmp_path / "cluster.yaml"
    config.write_text(json.dumps({
        "version": 1, "executor": "celery", "database": pg_url, "broker_url": REDIS_URL,
        "celery": {"queue": queue, "visibility_timeout": "10s", **extra},
        "sources": [{"name": f"s{i}", "feed": press.url(i), "every": every}
                    for i in range(press.sources)],
        "series": [{"title": title(i, k)} for i in range(press.sources) for k in (1, 2, 3)],
        "subscribers": [{"name": "fan", "notify": [notify]}],
        "delivery": {"retry": ["2s"] * 5}, "fetch_timeout": "8s",
    }))  # fmt: skip
    return config


def queue_of(config: Path) -> str:
    return str(json.loads(config.read_text())["celery"]["queue"])


@contextmanager
def processes(config: Path, *commands: list[str]) -> Iterator[list[subprocess.Popen[str]]]:
    """`renewal-radar -c config COMMAND...` processes, each killed and reaped at the end."""
    procs = [
        subprocess.Popen([sys.executable, "-m", "scheduler", "-c", str(config), *command],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for command in commands
    ]  # fmt: skip
    logs = [_drain(p) for p in procs]
    try:
        yield procs
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait()
        for p, t in zip(procs, logs, strict=True):
            t.join(timeout=5)
            if p.stderr is not None:
                p.stderr.close()
        forget_queue(queue_of(config))


def cli(config: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """`renewal-radar -c config COMMAND...` run to its end."""
    return subprocess.run([sys.executable, "-m", "scheduler", "-c", str(config), *command],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip


def _drain(proc: subprocess.Popen[str]) -> threading.Thread:
    """Read a process's log as it comes (a full pipe would stall it); kept on `proc.log`."""
    lines: list[str] = []
    proc.log = lines  # type: ignore[attr-defined]

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


def wait_for(what: str, check: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def ticks(pg_url: str) -> list[dict[str, Any]]:
    """Every row of `source_ticks`."""
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT * FROM source_ticks ORDER BY source, tick"))
            return [dict(r) for r in rows.mappings()]
    finally:
        engine.dispose()
