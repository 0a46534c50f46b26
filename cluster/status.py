"""What `status` adds with `executor: celery`: workers seen recently, queue depth, the leader."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import redis

from .app import broker_options
from .locks import holder
from .worker import beat_key, redis_client

if TYPE_CHECKING:
    from scheduler import Radar


def cluster_lines(radar: Radar) -> Iterator[str]:
    """The leader, the queue and the workers, each on its own line; a broker error is one line."""
    config = radar.config
    who = holder(radar.store.engine)
    yield f"leader: {who}" if who else "leader: none (no `run` holds the lease)"
    prefix = broker_options(config)["global_keyprefix"]
    try:
        client = redis_client(config.broker_url or "")
        waiting = client.llen(prefix + config.celery.queue)
        running = client.hlen(prefix + "unacked")
        keys = list(client.scan_iter(beat_key(config.celery.queue)))
        seen = [json.loads(v) for v in (client.mget(keys) if keys else []) if v]
    except redis.RedisError as e:
        yield f"queue {config.celery.queue}: broker unreachable ({type(e).__name__})"
        return
    yield f"queue {config.celery.queue}: {waiting} waiting, {running} taken by workers"
    yield f"workers seen in the last minute: {len(seen)}"
    for w in sorted(seen, key=lambda w: w["node"]):
        yield f"  {w['node']}: {w['threads']} threads, up since {w['started']}, seen {w['seen']}"
