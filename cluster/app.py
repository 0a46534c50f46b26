"""The Celery application: broker settings, task names, and the tasks a worker runs.

Celery (and Redis behind it) lives in this package only, imported by the commands
that need it (`worker`, `run` and `status` with `executor: celery`). Every task is
idempotent: `run_source` claims its (source, tick) row before fetching, `detect`
and `deliver` run one pass at a time across workers under an advisory lock, and the
outbox claims each row before sending it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from celery import Celery, Task
from celery.exceptions import MaxRetriesExceededError

from alerts import Config, load_config
from scraper import DatabaseError, describe_db_error

from .locks import section
from .ticks import claim_tick, finish_tick, owner_of, release_tick

if TYPE_CHECKING:
    from scheduler import Radar

log = logging.getLogger("renewal_radar.cluster")

RUN_SOURCE = "renewal_radar.run_source"
DETECT = "renewal_radar.detect"
DELIVER = "renewal_radar.deliver"

BUSY_AGAIN, BUSY_TRIES = 2, 3
"""A detection or delivery pass that finds another running looks again this often, so many times."""
RETRY_BACKOFF = (5, 15, 60, 300, 900)
"""Seconds a task waits before each retry after a database or broker failure."""


def broker_options(config: Config) -> dict[str, Any]:
    """Redis transport options: redelivery after the visibility timeout, keys under the queue."""
    timeout = config.celery.visibility_timeout.total_seconds()
    return {
        "visibility_timeout": timeout,
        "global_keyprefix": f"{config.celery.queue}:",
        "unacked_restore_interval": max(1, min(10, int(timeout // 4))),
        "unacked_restore_throttle": 1,
        "socket_timeout": 30,
        "socket_connect_timeout": 10,
        "socket_keepalive": True,
    }


def make_app(config: Config) -> Celery:
    """A Celery app for `config`'s broker and queue; it can send tasks and, bound, run them."""
    app = Celery("renewal_radar", broker=config.broker_url, set_as_current=False)
    app.conf.update(
        broker_transport_options=broker_options(config),
        broker_connection_retry_on_startup=True,
        task_default_queue=config.celery.queue,
        task_acks_late=True,  # a task is acknowledged after it ran, so a dead worker's runs again
        task_reject_on_worker_lost=True,
        task_ignore_result=True,  # results live in our tables; no result backend
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,  # a worker reserves no more than it runs
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        enable_utc=True,
    )
    return app


class Tasks:
    """The tasks of one worker process, run against its `Radar` (one config, one store)."""

    def __init__(self, app: Celery, radar: Radar, config_path: str | None = None) -> None:
        self.app, self.radar, self.config_path = app, radar, config_path
        self.lock = threading.Lock()
        self.mtime = _mtime(config_path)
        options = {"bind": True, "acks_late": True, "max_retries": len(RETRY_BACKOFF)}

        @app.task(name=RUN_SOURCE, **options)  # type: ignore[untyped-decorator]
        def run_source(task: Task[Any, Any], name: str, tick: int) -> str:
            return self._run_source(task, name, tick)

        @app.task(name=DETECT, **options)  # type: ignore[untyped-decorator]
        def detect(task: Task[Any, Any]) -> int:
            return self._detect(task)

        @app.task(name=DELIVER, **options)  # type: ignore[untyped-decorator]
        def deliver(task: Task[Any, Any]) -> int:
            return self._deliver(task)

    @property
    def stale(self) -> timedelta:
        """A running claim older than this lost its worker (Redis redelivered the task)."""
        return self.radar.config.celery.visibility_timeout

    def _run_source(self, task: Task[Any, Any], name: str, tick: int) -> str:
        self._reload()
        radar, owner = self.radar, owner_of(str(task.request.id))
        engine = radar.store.engine
        try:
            verdict = claim_tick(engine, name, tick, owner, radar.now(), self.stale)
            if verdict != "claimed":
                log.info("%s: tick %d %s", name, tick, verdict)
                return verdict
            run = radar.poll(name)
        except DatabaseError as e:
            _quietly(release_tick, engine, name, tick, owner)
            raise _retry(task, e, self.stale) from e
        except Exception:  # a bug: logged by Celery; the tick is over, the next one runs
            finish_tick(engine, name, tick, owner, "error", radar.now())
            raise
        result = run.status if run else "skipped"  # backing off, or gone from the config
        finish_tick(engine, name, tick, owner, result, radar.now())
        if run and run.new:
            self.app.send_task(DETECT)
        return result

    def _detect(self, task: Task[Any, Any]) -> int:
        self._reload()
        store = self.radar.store
        try:
            with section(store.engine, "detect") as held:
                if held:
                    self.radar.refresh()  # the web's fans, as they are now
                created = self.radar.process() if held else 0
            if not held and store.pending_articles(limit=1):
                return _again(task)  # the other may have read its batch before these came
        except DatabaseError as e:
            raise _retry(task, e, self.stale) from e
        if created:
            self.app.send_task(DELIVER)
        return created

    def _deliver(self, task: Task[Any, Any]) -> int:
        self._reload()
        radar = self.radar
        try:
            with section(radar.store.engine, "deliver") as held:
                if held:
                    radar.refresh()
                    return radar.deliver().sent
        except DatabaseError as e:
            raise _retry(task, e, self.stale) from e
        return _again(task)  # rows due after the other's pass began wait for this one

    def _reload(self) -> None:
        """Take an edited config (sources, watchlist, fans) before the next task runs."""
        mtime = _mtime(self.config_path)
        if self.config_path is None or mtime == self.mtime:
            return
        with self.lock:
            if mtime == self.mtime:
                return
            self.mtime = mtime
            try:
                self.radar.reconfigure(load_config(self.config_path))
                log.info("%s reloaded", self.config_path)
            except Exception as e:  # a broken edit: keep the config we have
                log.error("%s changed but cannot be used (%s); keeping the previous config",
                          self.config_path, str(e).splitlines()[0])  # fmt: skip


def _again(task: Task[Any, Any]) -> int:
    """Run `task` again shortly: another worker holds its pass (given up after `BUSY_TRIES`)."""
    try:
        raise task.retry(countdown=BUSY_AGAIN, max_retries=BUSY_TRIES)
    except MaxRetriesExceededError:
        return 0  # the leader's next pass takes what is left


def _retry(task: Task[Any, Any], e: BaseException, visibility: timedelta) -> BaseException:
    """The task's retry after a database failure, waiting along `RETRY_BACKOFF`.

    The wait stays under half the visibility timeout: Redis would hand a task waiting
    longer to a second worker.
    """
    n = min(task.request.retries, len(RETRY_BACKOFF) - 1)
    wait = min(RETRY_BACKOFF[n], int(visibility.total_seconds() // 2))
    log.warning("%s: database error, retry in %ds: %s", task.name, wait, describe_db_error(e))
    retry: BaseException = task.retry(exc=e, countdown=wait, throw=False)
    return retry


def _quietly(fn: Any, *args: Any) -> None:
    with contextlib.suppress(DatabaseError):  # the claim is taken over when it goes stale
        fn(*args)


def _mtime(path: str | None) -> float | None:
    try:
        return os.stat(path).st_mtime if path else None
    except OSError:
        return None
