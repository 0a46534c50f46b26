"""`renewal-radar worker`: a Celery worker in this process, and its heartbeat in Redis.

The worker runs tasks in threads (`celery.concurrency` of them): fetches wait on the
network and each crawl is a subprocess of its own, so threads suffice. Every
`HEARTBEAT` seconds it writes who it is under the queue's prefix in Redis, with an
expiry, so `status` lists the workers seen recently on any machine.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from typing import TYPE_CHECKING, Any

import redis
from celery.signals import worker_ready

from scraper import utcnow

from .app import Tasks, make_app

if TYPE_CHECKING:
    from scheduler import Radar

log = logging.getLogger("renewal_radar.worker")

HEARTBEAT = 10.0
"""Seconds between a worker's heartbeats; `status` shows those seen in the last `SEEN_FOR`."""
SEEN_FOR = 60


def node_name() -> str:
    """`radar-<pid>-<run>@host`: unique per process, also for several workers on one machine."""
    return f"radar-{os.getpid()}-{uuid.uuid4().hex[:4]}@{socket.gethostname()}"


def run_worker(radar: Radar, config_path: str, concurrency: int | None = None) -> int:
    """Serve the queue until SIGTERM (warm: running tasks finish) or SIGINT."""
    config = radar.config
    app = make_app(config)
    Tasks(app, radar, config_path)
    node = node_name()
    threads = concurrency or config.celery.concurrency
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(radar, node, threads, stop), daemon=True)
    worker_ready.connect(lambda **_: beat.start(), weak=False)  # seen once it consumes
    argv = ["worker", "--pool=threads", f"--concurrency={threads}", f"--hostname={node}",
            f"--queues={config.celery.queue}", "--loglevel=INFO", "--without-mingle",
            "--without-gossip"]  # fmt: skip
    try:
        app.worker_main(argv)
    finally:
        stop.set()
        if beat.is_alive():
            beat.join(timeout=5)
        _forget(config.broker_url or "", beat_key(config.celery.queue, node))
        app.close()
    return 0


def _forget(url: str, key: str) -> None:
    """Remove a stopped worker's heartbeat, so `status` no longer counts it."""
    try:
        redis_client(url).delete(key)
    except redis.RedisError as e:
        log.warning("heartbeat not removed (it expires in %ds): %s", SEEN_FOR, type(e).__name__)


def beat_key(queue: str, node: str = "*") -> str:
    return f"{queue}:radar-worker:{node}"


def _heartbeat(radar: Radar, node: str, threads: int, stop: threading.Event) -> None:
    config = radar.config
    started = utcnow().isoformat(timespec="seconds")
    client = redis_client(config.broker_url or "")
    info = {"node": node, "threads": threads, "started": started}
    while not stop.is_set():
        try:
            seen = {**info, "seen": utcnow().isoformat(timespec="seconds")}
            client.set(beat_key(config.celery.queue, node), json.dumps(seen), ex=SEEN_FOR)
        except redis.RedisError as e:
            log.warning("heartbeat not written: %s", type(e).__name__)
        stop.wait(HEARTBEAT)


def redis_client(url: str) -> Any:
    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
