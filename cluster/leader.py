"""The elected scheduler: `run` with `executor: celery` enqueues work only while it holds the lease.

Every `run` process competes for one PostgreSQL advisory lock. The holder enqueues
`run_source(source, tick)` as each source enters a new tick and a detection and
delivery pass every minute; the others wait as standbys and try again every
`STANDBY_POLL` seconds, so one takes over soon after the leader's session ends.
Work is done by `renewal-radar worker` processes, never here.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from celery import Celery
from kombu.exceptions import OperationalError

from alerts import SourceConfig
from scraper import DatabaseError, utcnow

from .app import DELIVER, DETECT, RUN_SOURCE, make_app
from .locks import Lease
from .ticks import prune_ticks, tick_of

if TYPE_CHECKING:
    from scheduler import ConfigWatcher, Radar

log = logging.getLogger("renewal_radar.leader")

STANDBY_POLL = 5.0
"""Seconds between a standby's tries for the lease (a takeover comes within this)."""
BEAT = 1.0
"""Seconds between the leader's looks at the sources' ticks (and at its lease)."""
ALERT_EVERY = timedelta(minutes=1)
"""How often the leader enqueues a detection and a delivery pass (besides after new stories)."""
KEEP_TICKS = timedelta(days=7)


class Leader:
    """One `run` process in a celery deployment: a standby until it holds the lease."""

    def __init__(self, radar: Radar, app: Celery | None = None) -> None:
        self.radar = radar
        self.app = app or make_app(radar.config)
        self.lease = Lease(radar.store.engine)
        self.enqueued: dict[str, int] = {}
        self.next_alerts = utcnow()

    def step(self) -> float:
        """One look: take or keep the lease and enqueue what is due; seconds until the next."""
        if not self.lease.held:
            if not self.lease.acquire():
                return STANDBY_POLL
            log.info("leader: holding the lease; scheduling %d sources",
                     len(self.radar.config.sources))  # fmt: skip
            self.enqueued, self.next_alerts = {}, utcnow()
        elif not self.lease.check():
            return STANDBY_POLL  # logged by the lease; standby again
        self.enqueue_due(self.radar.config.sources)
        return BEAT

    def enqueue_due(self, sources: list[SourceConfig]) -> None:
        """Send `run_source` for each source in a tick not yet sent, and the alert passes."""
        now = utcnow()
        for source in sources:
            tick = tick_of(source.name, source.every, now)
            if self.enqueued.get(source.name) != tick:
                self.app.send_task(RUN_SOURCE, args=[source.name, tick])
                self.enqueued[source.name] = tick
        if now >= self.next_alerts:
            self.app.send_task(DETECT)
            self.app.send_task(DELIVER)
            prune_ticks(self.radar.store.engine, now - KEEP_TICKS)
            self.next_alerts = now + ALERT_EVERY

    def close(self) -> None:
        self.lease.close()
        self.app.close()


def lead(radar: Radar, stop: threading.Event, watcher: ConfigWatcher | None = None) -> None:
    """Run as leader or standby until `stop` is set; the config reloads as in local mode."""
    from scheduler import _signals

    hup = threading.Event()
    leader = Leader(radar)
    log.info("running as %s (standby until it holds the lease); database %s",
             leader.lease.label, radar.store.url)  # fmt: skip
    try:
        with _signals(stop, hup):
            while not stop.is_set():
                try:
                    wait = leader.step()
                except (OperationalError, DatabaseError) as e:  # the broker or database is down
                    log.error("leader: cannot enqueue (%s: %s); trying again in %.0fs",
                              type(e).__name__, str(e).splitlines()[0], STANDBY_POLL)  # fmt: skip
                    wait = STANDBY_POLL
                except Exception:  # a bug: logged with its traceback, the daemon stays up
                    log.exception("leader: scheduling failed; trying again")
                    wait = STANDBY_POLL
                if watcher and watcher.due(hup) and (config := watcher.load()):
                    radar.reconfigure(config)
                stop.wait(wait)
    finally:
        leader.close()
