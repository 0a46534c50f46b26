"""Renewal Radar's composition root: reads config.yaml, wires the packages, runs the CLI and daemon.

APScheduler lives here and nowhere else. The packages take plain typed values;
only this module knows the config file's shape and the command line.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

import radar_cli
from alerts import (
    Claim,
    Config,
    ConfigError,
    Connections,
    DeliveryReport,
    Recorded,
    SendResult,
    Series,
    SourceConfig,
    Subscriber,
    SubscriberConfig,
    Timing,
    Watchlist,
    deliver_due,
    delivery_counts,
    delivery_lines,
    detect,
    explain,
    hide_secrets,
    load_config,
    model_detect,
    model_explain,
    next_due,
    parse_quiet,
    queue_deliveries,
    recent_events,
    record,
    relabel,
    requeue_dead,
    send,
    series_key,
    target_label,
    waiting_lines,
    with_unsubscribe,
)
from alerts.config import format_duration
from scraper import (
    CrawlResult,
    CrawlSpec,
    DatabaseError,
    ScraperError,
    SourceState,
    Store,
    StoredArticle,
    Validators,
    backoff,
    canonical_url,
    describe_db_error,
    fetch_article,
    fetch_feed,
    make_client,
    on_wallclock,
    run_crawl,
    stop_crawls,
    utcnow,
    wallclock,
)

if TYPE_CHECKING:
    from alerts.web import Face

log = logging.getLogger("renewal_radar")

STOP_WITHIN = 8.0
"""Seconds the daemon waits for in-flight work after SIGTERM/SIGINT (it must exit within 10)."""


def config_summary(config: Config) -> str:
    """`5 sources, 8 series, 1 subscriber`."""
    return config.summary()


def plural(n: int, noun: str) -> str:
    """`1 story`, `2 stories`, `1 article link`: the count and its noun, in the right number."""
    irregular = {"story": "stories", "series": "series"}
    return f"{n} {noun if n == 1 else irregular.get(noun, noun + 's')}"


def watchlist_of(config: Config) -> Watchlist:
    return Watchlist(Series(s.title, tuple(s.aliases), s.network) for s in config.series)


def subscribers_of(config: Config) -> list[Subscriber]:
    """Subscribers with series named by title or alias resolved to the watched title."""
    canonical = {
        series_key(name): series_key(s.title)
        for s in config.series
        for name in (s.title, *s.aliases)
    }

    def follows(titles: list[str]) -> frozenset[str]:
        return frozenset(canonical.get(series_key(t), series_key(t)) for t in titles)

    return [
        Subscriber(
            name=sub.name,
            targets=tuple(sub.notify),
            series=None if sub.series == "all" else follows(sub.series),
            events=frozenset(sub.events),
            timing=Timing(
                sub.mode,
                sub.digest_at,
                ZoneInfo(sub.timezone),
                parse_quiet(sub.quiet_hours) if sub.quiet_hours else None,
            ),
            min_reports=sub.min_reports,
            templates=(sub.template.title, sub.template.body),
            digest_template=sub.template.digest,
        )
        for sub in config.subscribers
    ]


@dataclass(frozen=True, slots=True)
class SourceRun:
    """One run of one source, feed or crawl, as the scheduler records and logs it.

    `found` counts what the source offered (feed entries, article links), stored
    or not; `stories` how many of those were stories, when that differs (a crawl's
    links may lead to pages that are not); `validators` only come from feeds.
    """

    source: str
    status: str  # ok | not_modified | error | skipped (backing off)
    new: int = 0
    found: int = 0
    error: str | None = None
    warning: str | None = None
    validators: Validators | None = None
    elapsed: float = 0.0
    unit: str = "story"
    stories: int | None = None
    retry_after: timedelta | None = None  # the wait a 429 or 503 asked for
    next_attempt_at: datetime | None = None  # set when the source backs off after this run

    @property
    def empty(self) -> bool:
        """A run that worked and offered no story at all: the site or feed may have changed."""
        return not (self.found if self.stories is None else self.stories)


@dataclass
class CycleReport:
    """What one cycle did, for logs and tests."""

    sources: list[SourceRun]
    new_events: int
    delivery: DeliveryReport


class Radar:
    """One configured service: sources polled into the store, detection, delivery."""

    def __init__(self, config: Config, now: Callable[[], datetime] = utcnow) -> None:
        self.config = config
        self.now = now
        self.store = Store(config.database, config.detection.max_text)
        self.watchlist = watchlist_of(config)
        self.subscribers = subscribers_of(config)
        self.user_agent = user_agent_of(config)
        self.client = make_client(self.user_agent)
        self.stopping = threading.Event()
        self.face = face_of(config, self.store)
        self.fans: list[Subscriber] = []  # the web's confirmed fans, read at each alert cycle
        self.everyone = self.subscribers  # and the config's, less those who opted out there

    def close(self) -> None:
        self.client.close()
        self.store.close()

    def reconfigure(self, config: Config) -> None:
        """Take an edited config in a running daemon; the database stays until a restart."""
        if config.database != self.config.database:
            log.warning("config: database changes take effect on restart; keeping %s",
                        self.store.url)  # fmt: skip
            config = config.model_copy(update={"database": self.config.database})
        user_agent = user_agent_of(config)
        if user_agent != self.user_agent:
            self.user_agent, self.client = user_agent, make_client(user_agent)
        self.watchlist = watchlist_of(config)
        self.subscribers = self.everyone = subscribers_of(config)
        if config.web != self.config.web:
            self.face = face_of(config, self.store)
        self.store.max_text = config.detection.max_text
        self.config = config

    def poll(self, name: str, force: bool = False) -> SourceRun | None:
        """Run one source unless it is backing off (or `force`); store its articles and state."""
        source = next((s for s in self.config.sources if s.name == name), None)
        if source is None:
            return None  # removed from the config by a reload
        state = self.store.source_state(source.name, source.url)
        now = self.now()
        if state.next_attempt_at and state.next_attempt_at > now and not force:
            log.debug("%s: backing off until %s", name, _when(state.next_attempt_at))
            return SourceRun(name, "skipped", next_attempt_at=state.next_attempt_at)
        run = self._fetch(source, state) if source.feed else self._crawl(source)
        if self.stopping.is_set() and run.status == "error":
            return run  # interrupted by shutdown: not the source's fault
        after = _next_state(state, source, run, now)
        self.store.save_source_state(after)
        _log_run(run, state, after)
        self._source_health(state, after)
        return replace(run, next_attempt_at=after.next_attempt_at)

    def _fetch(self, source: SourceConfig, state: SourceState) -> SourceRun:
        assert source.feed is not None
        validators = Validators(state.etag, state.last_modified)
        if state.url != source.feed:
            validators = Validators()  # the feed moved: its old validators mean nothing
        deadline = (source.fetch_timeout or self.config.fetch_timeout).total_seconds()
        r = fetch_feed(self.client, source.name, source.feed, validators, deadline=deadline,
                       parser=self.config.feed_parser)  # fmt: skip
        new = self.store.add_articles(r.articles, self.now())
        return SourceRun(source.name, r.status, len(new), len(r.articles), r.error, r.warning,
                         r.validators, r.elapsed, retry_after=r.retry_after)  # fmt: skip

    def _crawl(self, source: SourceConfig) -> SourceRun:
        spec = crawl_spec(source, self.user_agent, self.config.detection.max_text)
        started = utcnow()  # the crawl's own clock stamps what it stores
        r = run_crawl(spec, self.config.database, source.timeout.total_seconds())
        new, error = r.new, r.error
        if r.status == "error" and (kept := self._stored_since(source, started)) > r.new:
            new, error = kept, f"{r.error} ({kept} new stories stored before it stopped)"
        return SourceRun(source.name, r.status, new, r.found, error, _crawl_warning(r, spec),
                         elapsed=r.elapsed, unit="article link",
                         stories=None if r.unsent else r.stories)  # fmt: skip

    def _stored_since(self, source: SourceConfig, started: datetime) -> int:
        """How many stories a crawl stopped on the way (a timeout) stored: they are kept."""
        recent = self.store.recent_articles(limit=source.max_pages, source=source.name)
        return sum(a.fetched_at >= started for a in recent)

    def _source_health(self, before: SourceState, after: SourceState) -> None:
        """Tell maintainers when a source starts failing or finding nothing, and when it is well."""
        self._failure_health(before, after)
        self._empty_health(before, after)

    def _failure_health(self, before: SourceState, after: SourceState) -> None:
        threshold = self.config.health.failures_before_alert
        if after.consecutive_failures == threshold:
            self.tell_maintainers(
                f"Renewal Radar: source {after.name} is failing",
                f"{after.name} failed {threshold} times in a row; last error: {after.last_error}",
            )
        elif before.consecutive_failures >= threshold and after.consecutive_failures == 0:
            self.tell_maintainers(
                f"Renewal Radar: source {after.name} recovered",
                f"{after.name} works again after {before.consecutive_failures} failures.",
            )

    def _empty_health(self, before: SourceState, after: SourceState) -> None:
        runs = self.config.health.empty_runs_before_alert
        if after.empty_runs == runs:
            log.warning("%s: no article found in %d runs in a row; has %s changed?",
                        after.name, runs, after.url)  # fmt: skip
            self.tell_maintainers(
                f"Renewal Radar: source {after.name} finds nothing",
                f"{after.name} found no article in {runs} runs in a row; its site or feed "
                f"({after.url}) may have changed. Check it with `renewal-radar once`."
                + (f" Last run: {after.last_error}" if after.last_error else ""),
            )
        elif before.empty_runs >= runs and after.empty_runs == 0:
            self.tell_maintainers(
                f"Renewal Radar: source {after.name} finds articles again",
                f"{after.name} finds articles again after {before.empty_runs} empty runs.",
            )

    def tell_maintainers(self, title: str, body: str) -> None:
        """Best effort: an operator message to every `maintainers:` URL; failures are logged."""
        timeout = self.config.delivery.timeout.total_seconds()
        for url in self.config.maintainers:
            result = send(url, title, body, timeout=timeout)
            if not result.ok:
                log.warning("maintainer message not sent: %s", result.error)

    def poll_all(self, force: bool = False) -> list[SourceRun]:
        """Every source once, a few at a time; one failing source never stops the others."""
        return list(self.poll_each(force))

    def poll_each(self, force: bool = False) -> Iterator[SourceRun]:
        """`poll_all`, each run as it ends: one that takes long holds up none of the others."""
        names = [s.name for s in self.config.sources]
        with ThreadPoolExecutor(max_workers=min(8, max(1, len(names)))) as pool:
            runs = [pool.submit(self._poll_safely, name, force) for name in names]
            for done in as_completed(runs):
                if (run := done.result()) is not None:
                    yield run

    def _poll_safely(self, name: str, force: bool = False) -> SourceRun | None:
        try:
            return self.poll(name, force)
        except DatabaseError as e:
            error = f"database error: {describe_db_error(e)}"
            log.error("%s: %s; retrying next run", name, error)
        except Exception as e:  # a bug must not stop the batch; it is logged with its traceback
            error = f"unexpected error: {type(e).__name__}: {e}"
            log.exception("%s: unexpected error while polling", name)
        return SourceRun(name, "error", error=error)

    def process(self) -> int:
        """Run detection on every stored article not yet seen; return how many events were new.

        A batch of pending articles is detected first, then recorded and marked detected in
        one transaction: a crash leaves the whole batch pending, to be detected again, and
        never half of it recorded. A batch whose recording fails on something other than the
        database is recorded again one article at a time, so one bad story costs only itself.
        """
        created = 0
        while batch := self.store.pending_articles():
            found = [(stored, self._claims_safely(stored)) for stored in batch]
            try:
                created += self._record_batch(found)
            except DatabaseError:
                raise  # the store is down: stop the cycle, the batch stays pending
            except Exception:
                log.exception("recording a batch of %d stories failed; one at a time", len(batch))
                created += sum(self._record_safely(stored, claims) for stored, claims in found)
        return created

    def _claims_safely(self, stored: StoredArticle) -> list[Claim] | None:
        """The story's claims; None when detection broke on it (it is skipped, logged)."""
        try:
            return self.claims(stored)
        except Exception:  # a story that breaks detection must not block every later cycle
            log.exception("detection failed on %s; the story is skipped", stored.article.url)
            return None

    def _record_batch(self, found: list[tuple[StoredArticle, list[Claim] | None]]) -> int:
        now = self.now()
        alert_at = self.config.detection.min_confidence
        planned: list[dict[str, Any]] = []  # the batch's deliveries, inserted together
        with self.store.engine.begin() as conn:
            recorded = [
                (s, claims, record(conn, s, claims, self.everyone, now, alert_at, planned=planned))
                for s, claims in found
                if claims
            ]
            queue_deliveries(conn, planned)
            self.store.mark_all_detected(conn, [s.id for s, _ in found], now)
        for stored, claims, done in recorded:
            self._log_claims(stored, claims, done)
        return sum(len(done.created) for _, _, done in recorded)

    def _record_safely(self, stored: StoredArticle, claims: list[Claim] | None) -> int:
        try:
            return self._record_one(stored, claims or [])
        except DatabaseError:
            raise
        except Exception:
            log.exception("recording failed on %s; the story is skipped", stored.article.url)
            with self.store.engine.begin() as conn:
                self.store.mark_detected(conn, stored.id, self.now())
            return 0

    def claims(self, stored: StoredArticle) -> list[Claim]:
        a = stored.article
        max_age = self.config.detection.max_age
        if a.published and a.published < stored.fetched_at - max_age:
            return []  # old news (a first poll's backlog): stored, not alerted
        found = detector_of(self.config)(a.title, a.text, self.watchlist)
        return [c for c in found if c.confidence >= self.config.detection.report_floor]

    def _record_one(self, stored: StoredArticle, claims: list[Claim]) -> int:
        with self.store.engine.begin() as conn:
            alert_at = self.config.detection.min_confidence
            recorded = record(conn, stored, claims, self.everyone, self.now(), alert_at)
            self.store.mark_detected(conn, stored.id, self.now())
        self._log_claims(stored, claims, recorded)
        return len(recorded.created)

    @staticmethod
    def _log_claims(stored: StoredArticle, claims: list[Claim], recorded: Recorded) -> None:
        for claim in claims:
            log.info("claim: %s %s season %s (%s, %.2f) from %s", claim.series, claim.event,
                     claim.season, claim.rule, claim.confidence, stored.article.url)  # fmt: skip
        if recorded.waiting:
            log.info("%d weak report(s) from %s wait for another outlet to corroborate them",
                     len(recorded.waiting), stored.article.url)  # fmt: skip

    def deliver(self) -> DeliveryReport:
        timeout = self.config.delivery.timeout.total_seconds()
        with Connections() as connections:  # kept for this pass's messages to each host

            def sender(url: str, title: str, body: str) -> SendResult:
                return send(url, title, body, timeout=timeout, connections=connections)

            report = deliver_due(
                self.store.engine,
                self.everyone,
                self.face.sender(sender, self.fans) if self.face else sender,
                self.now,
                self.config.delivery.retry,
                stopping=self.stopping.is_set,
            )
        if report.given_up:
            lines = "\n".join(f"- {line}" for line in report.given_up)
            n = len(report.given_up)
            self.tell_maintainers(f"Renewal Radar: {n} alert(s) could not be delivered", lines)
        return report

    def alert_cycle(self) -> tuple[int, DeliveryReport]:
        self.refresh()
        created = self.process()
        return created, self.deliver()

    def refresh(self) -> None:
        """Before detecting or delivering: the web face's heartbeat and its fans as they are."""
        if self.face:
            self.face.beat(self.now())  # /healthz: the scheduler is alive
            self.face.fans.purge(self.now())  # never confirmed within 24 h
            self.fans = self.face.subscribers()
            self.everyone = [*self.face.config_subscribers(self.subscribers), *self.fans]

    def once(self, force: bool = False) -> CycleReport:
        """Every source, then detection and delivery; a source that found stories has them
        detected and delivered at once, while slower sources are still being polled."""
        runs: list[SourceRun] = []
        cycles: list[tuple[int, DeliveryReport]] = []
        for run in self.poll_each(force):
            runs.append(run)
            if run.new:
                cycles.append(self.alert_cycle())
        if not runs or not runs[-1].new:  # the last cycle must start after the last poll
            cycles.append(self.alert_cycle())  # (also sending retries due without news)
        reports = [d for _, d in cycles]
        delivery = DeliveryReport(
            sent=sum(d.sent for d in reports), retrying=sum(d.retrying for d in reports),
            dead=sum(d.dead for d in reports), errors=[e for d in reports for e in d.errors],
            given_up=[g for d in reports for g in d.given_up],
        )  # fmt: skip
        return CycleReport(runs, sum(n for n, _ in cycles), delivery)


def face_of(config: Config, store: Store) -> Face | None:
    """The web face's share of the daemon (fans, guarded sends), when `web:` is configured."""
    if config.web is None:
        return None
    from alerts.web import Face

    return Face(store.engine, config.web)


def user_agent_of(config: Config) -> str:
    """The User-Agent we show publishers: the configured one, or ours with the contact URL."""
    if config.user_agent:
        return config.user_agent
    contact = config.contact or "https://github.com/renewal-radar/renewal-radar"
    return f"renewal-radar/0.1 (TV renewal and cancellation alerts; +{contact})"


def _crawl_warning(r: CrawlResult, spec: CrawlSpec) -> str | None:
    """What an operator should know about a crawl that worked: a spent budget, unread links."""
    if r.status != "ok":
        return None
    if r.unsent:
        return f"max_pages ({spec.max_pages}) spent before every link was read; the rest waits"
    if r.found and not r.stories:
        return (f"none of {r.found} article links led to a story ({r.seen} pages read); "
                "has the site's page layout changed?")  # fmt: skip
    return None


def crawl_spec(source: SourceConfig, user_agent: str, max_text: int) -> CrawlSpec:
    """The spider job for a `sitemap:` or `crawl:` source."""
    c = source.crawl
    return CrawlSpec(
        name=source.name, sitemap=source.sitemap, start=tuple(c.start) if c else (),
        follow=c.follow if c else None, allow=c.allow if c else None,
        next=c.next if c else None, pages=c.pages if c else 3, max_pages=source.max_pages,
        max_age=source.max_age, user_agent=user_agent, delay=source.delay.total_seconds(),
        max_text=max_text,
    )  # fmt: skip


def _next_state(
    old: SourceState, source: SourceConfig, run: SourceRun, now: datetime
) -> SourceState:
    state = replace(old, url=source.url, last_attempt_at=now, last_status=run.status,
                    articles_total=old.articles_total + run.new)  # fmt: skip
    if run.status == "error":
        failures = old.consecutive_failures + 1
        wait = run.retry_after if run.retry_after is not None else backoff(source.every, failures)
        return replace(state, last_error=run.error, consecutive_failures=failures,
                       next_attempt_at=now + wait)  # fmt: skip
    v = run.validators or Validators()
    empty = old.empty_runs if run.status == "not_modified" else (old.empty_runs + 1) * run.empty
    return replace(
        state, etag=v.etag, last_modified=v.last_modified, last_success_at=now,
        last_error=run.warning, consecutive_failures=0, next_attempt_at=None,
        empty_runs=empty,
    )  # fmt: skip


def _log_run(run: SourceRun, old: SourceState, new: SourceState) -> None:
    """One line per run; a back-off is said when it starts (or grows) and when it ends."""
    took = f"({run.elapsed:.1f}s)"
    if run.status == "error":
        until = f"; backing off until {_when(new.next_attempt_at)}" if new.next_attempt_at else ""
        log.warning("%s: error (%d in a row): %s%s", run.source, new.consecutive_failures,
                    run.error, until)  # fmt: skip
        return
    if old.consecutive_failures:
        log.info("%s: back-off over: works again after %s", run.source,
                 plural(old.consecutive_failures, "failure"))  # fmt: skip
    if run.status == "ok":
        log.info("%s: %d new of %s %s", run.source, run.new, plural(run.found, run.unit), took)
        if run.warning:
            log.warning("%s: %s", run.source, run.warning)
    else:
        log.info("%s: not modified %s", run.source, took)


# --- the daemon ---------------------------------------------------------------


def release_memory(store: Store) -> None:
    """Hand what a poll or a cycle no longer needs back to the system: the store's idle
    SQLite connections (a page cache each) and the freed heap (glibc's malloc_trim).

    Each pool thread that parsed a feed keeps a malloc arena of its own, freed but still
    resident: without this the idle daemon holds on to the largest feeds it ever read.
    """
    store.release_idle()
    gc.collect()  # cycles left by parsing free their memory now, not at some later allocation
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> Any:
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc (musl, macOS): nothing to trim
        return None


_LIBC = _glibc()


def run_daemon(
    radar: Radar, stop: threading.Event | None = None, config_path: str | None = None
) -> bool:
    """Schedule every source and the alert job until SIGTERM/SIGINT (or `stop`).

    With `config_path`, an edit of that file (or SIGHUP) reloads it: a valid config takes
    effect, a broken one is logged and the daemon goes on with the one it has.
    Returns whether all in-flight work finished within `STOP_WITHIN` seconds.
    """
    from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    stop = stop or threading.Event()
    hup = threading.Event()
    sched = BackgroundScheduler(
        # The alert job has a thread of its own: sources that take long never hold it up.
        executors={"default": JobPool(max_workers=8), "alerts": JobPool(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        timezone=UTC,
    )

    news = threading.Event()  # stories stored since the alert job last looked
    worked = threading.Event()  # a job ran since memory was last released

    def alert_job() -> None:
        # A source that stores stories while this job runs cannot start it again (one
        # instance at a time: APScheduler would skip that run until the next minute), so the
        # job goes round again for them.
        while not stop.is_set():
            news.clear()
            try:
                _log_cycle(*radar.alert_cycle())
                _wake_alerts_at(sched, next_due(radar.store.engine))
            except DatabaseError as e:  # the next run picks up where this one stopped
                log.error("alerts: database error, retrying next cycle: %s", describe_db_error(e))
                break
            finally:
                worked.set()
            if not news.is_set():
                break

    def source_job(name: str) -> None:
        run = radar._poll_safely(name)
        worked.set()
        if run is None or stop.is_set():
            return
        if run.new:
            news.set()
            sched.modify_job("alerts", next_run_time=wallclock())  # detect and deliver now
        _poll_again_at(sched, f"source:{name}", run.next_attempt_at)

    def schedule_sources(old: dict[str, timedelta]) -> None:
        """Add, reschedule and remove source jobs so they match `radar.config.sources`."""
        start = wallclock()  # APScheduler keeps the real time, whatever the service clock says
        new = {s.name: s.every for s in radar.config.sources}
        for name in old.keys() - new.keys():
            sched.remove_job(f"source:{name}")
        for n, (name, every) in enumerate(new.items()):
            if old.get(name) == every:
                continue
            seconds = every.total_seconds()
            trigger = IntervalTrigger(seconds=seconds, jitter=int(min(seconds * 0.1, 120)) or None)
            first = start + timedelta(seconds=min(n * 2, 60))  # stagger the first polls
            sched.add_job(source_job, trigger, args=[name], id=f"source:{name}", name=name,
                          next_run_time=first, replace_existing=True)  # fmt: skip

    sched.add_job(alert_job, IntervalTrigger(minutes=1), id="alerts", next_run_time=wallclock(),
                  executor="alerts")  # fmt: skip
    schedule_sources({})
    watcher = ConfigWatcher(config_path) if config_path else None
    with _signals(stop, hup):
        sched.start()
        log.info("running: %s; database %s", config_summary(radar.config), radar.store.url)
        while not stop.wait(CONFIG_POLL):
            if worked.is_set():  # between jobs' work, not in their way
                worked.clear()
                release_memory(radar.store)
            if watcher and watcher.due(hup):
                before = {s.name: s.every for s in radar.config.sources}
                if config := watcher.load():
                    radar.reconfigure(config)
                    schedule_sources(before)
                    sched.modify_job("alerts", next_run_time=wallclock())
        log.info("stopping: finishing in-flight work (at most %.0fs)", STOP_WITHIN)
        radar.stopping.set()
        return _shutdown(sched)


def _poll_again_at(sched: Any, job_id: str, when: datetime | None) -> None:
    """Move a source's next poll to the end of its back-off (or Retry-After), when that is
    later than its next regular one: it is polled then, and no tick is skipped before."""
    job = sched.get_job(job_id)
    if when is None or job is None or not job.next_run_time:
        return
    if job.next_run_time < (real := on_wallclock(when)):  # APScheduler keeps the real time
        job.modify(next_run_time=real)


def _wake_alerts_at(sched: Any, due: datetime | None) -> None:
    """Run the alert job when the next delivery is due (a retry, a digest), if before its tick."""
    job = sched.get_job("alerts")
    if due is None or job is None:
        return
    due = max(on_wallclock(due), wallclock() + ALERTS_AGAIN_AFTER)  # APScheduler's own time
    if job.next_run_time is None or due < job.next_run_time:
        job.modify(next_run_time=due)


ALERTS_AGAIN_AFTER = timedelta(seconds=2)
"""The least wait between two alert runs: rows still due after a run (past its `limit`) go
out in the next one, without a busy loop."""

CONFIG_POLL = 2.0
"""Seconds between looks at the config file's modification time in the daemon."""


class ConfigWatcher:
    """Tells when the config file was edited (or SIGHUP asked) and reads it again."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.loaded = self.seen = self._mtime()

    def _mtime(self) -> float | None:
        try:
            return os.stat(self.path).st_mtime_ns / 1e9
        except OSError:
            return None

    def due(self, hup: threading.Event) -> bool:
        """SIGHUP, or an edit that has settled (the same mtime twice: no half-written file)."""
        now, self.seen = self.seen, self._mtime()
        if hup.is_set():
            hup.clear()
            return True
        return self.seen != self.loaded and self.seen == now and self.seen is not None

    def load(self) -> Config | None:
        """The edited config, or None (logged, one line per problem) if it cannot be used."""
        self.loaded = self.seen
        try:
            config = load_config(self.path)
        except ConfigError as e:
            log.error("%s changed but cannot be used; still running with the previous config",
                      e.path)  # fmt: skip
            for problem in e.problems:
                log.error("%s: %s", e.path, problem)
            return None
        log.info("%s reloaded: %s", self.path, config_summary(config))
        return config


def _shutdown(sched: Any) -> bool:
    """Stop scheduling and wait for running jobs; False if some were still running at the limit."""
    done = threading.Thread(target=sched.shutdown, kwargs={"wait": True}, daemon=True)
    done.start()
    stop_crawls()  # a crawl is redone on the next start; waiting could take its whole timeout
    done.join(STOP_WITHIN)
    if done.is_alive():
        log.warning("stopping with work still running; it is redone on the next start")
    return not done.is_alive()


@contextmanager
def _signals(stop: threading.Event, hup: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set `stop`; SIGHUP sets `hup` (reload the config)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    events = {signal.SIGTERM: stop, signal.SIGINT: stop, signal.SIGHUP: hup}
    previous = {sig: signal.getsignal(sig) for sig in events}

    def on_signal(signum: int, frame: object) -> None:
        events[signal.Signals(signum)].set()

    for sig in events:
        signal.signal(sig, on_signal)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _log_cycle(created: int, delivery: DeliveryReport) -> None:
    if created or delivery.sent or delivery.retrying or delivery.dead:
        log.info("alerts: %d new events, %d sent, %d to retry, %d given up",
                 created, delivery.sent, delivery.retrying, delivery.dead)  # fmt: skip


# --- the command line ----------------------------------------------------------


def cmd_check_config(args: argparse.Namespace) -> int:
    return radar_cli.check_config(args)  # `radar_cli.main` runs it without importing this module


def _open(args: argparse.Namespace, *, reading: bool = False) -> Radar:
    """The service for a command; one that only `reading` finds the database there already."""
    radar = Radar(load_config(args.config))
    if reading and (path := radar.store.missing()) is not None:
        radar.close()
        raise UsageError(_no_database(path, args.config))
    radar.store.upgrade(create_new=True)  # every table is on `metadata`: alerts is imported
    relabel(radar.store.engine, radar.subscribers)  # no older, wordier label stays on show
    return radar


def cmd_run(args: argparse.Namespace) -> int:
    radar = _open(args)
    server = _web_thread(radar) if radar.config.web else None
    if radar.config.executor == "celery":
        return _lead(radar, args.config, server)
    try:
        finished = run_daemon(radar, config_path=args.config)
    finally:
        if server:
            server.should_exit = True
        radar.store.close()
    log.info("stopped")
    if not finished:
        # A fetch still waits on the network; every write is transactional, so leaving
        # now loses nothing, while waiting for the pool threads could take the read timeout.
        logging.shutdown()
        os._exit(0)
    radar.client.close()
    return 0


def _lead(radar: Radar, config_path: str, server: Any) -> int:
    """`run` with `executor: celery`: the elected scheduler (or a standby); workers do the work."""
    try:
        _cluster().lead(radar, threading.Event(), ConfigWatcher(config_path))
    finally:
        if server:
            server.should_exit = True
        radar.close()
    log.info("stopped")
    return 0


def _cluster() -> Any:
    """The scale-out package, imported only by the commands that need Celery."""
    try:
        import cluster
    except ImportError as e:
        raise UsageError(f"executor: celery needs Celery ({e}); install the extra: "
                         "pip install 'renewal-radar[celery]'") from e  # fmt: skip
    return cluster


def cmd_worker(args: argparse.Namespace) -> int:
    if args.concurrency is not None and args.concurrency < 1:
        raise UsageError(f"worker --concurrency: must be at least 1, not {args.concurrency}")
    radar = _open(args)
    if radar.config.executor != "celery":
        radar.close()
        raise UsageError(f"{args.config}: executor: local runs everything in `run`; "
                         "set executor: celery and broker_url to use workers")  # fmt: skip
    try:
        return int(_cluster().run_worker(radar, args.config, args.concurrency))
    finally:
        radar.close()


def _web_server(radar: Radar) -> Any:
    """A uvicorn server for the web face on `web.listen` (the web stack loads only here)."""
    from alerts.web import make_app, make_server

    assert radar.config.web is not None
    app = make_app(radar.config, radar.store.engine, current=lambda: radar.config)
    return make_server(app, radar.config.web.listen)


def _web_thread(radar: Radar) -> Any:
    server = _web_server(radar)
    threading.Thread(target=server.run, name="web", daemon=True).start()
    log.info("web: serving on http://%s", radar.config.web and radar.config.web.listen)
    return server


def cmd_web(args: argparse.Namespace) -> int:
    radar = _open(args)
    if radar.config.web is None:
        raise UsageError(f"{args.config}: no web: section (base_url, secret) to serve")
    try:
        log.info("web: serving on http://%s", radar.config.web.listen)
        _web_server(radar).run()
    finally:
        radar.close()
    return 0


def cmd_once(args: argparse.Namespace) -> int:
    """One cycle; exit 1 when a source failed or the store could not be written (for cron)."""
    radar = _open(args)
    try:
        report = radar.once(force=args.force)
    finally:
        radar.close()
    print(once_summary(report))
    return 1 if any(run.status == "error" for run in report.sources) else 0


def once_summary(report: CycleReport) -> str:
    """`3 sources (1 ok, 1 not modified, 1 failed, 0 skipped while backing off), 2 new ...`"""
    count = Counter(run.status for run in report.sources)
    new = sum(run.new for run in report.sources)
    d = report.delivery
    return (f"{plural(len(report.sources), 'source')} ({count['ok']} ok, "
            f"{count['not_modified']} not modified, {count['error']} failed, "
            f"{count['skipped']} skipped while backing off), "
            f"{new} new {'story' if new == 1 else 'stories'}, "
            f"{plural(report.new_events, 'new event')}, {plural(d.sent, 'alert')} sent, "
            f"{d.retrying} to retry, {d.dead} given up")  # fmt: skip


def cmd_detect(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    watchlist = watchlist_of(config)
    threshold = config.detection.min_confidence
    bad = 0
    with _input(args.jsonl) as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:  # one bad line is reported and skipped; the others are still answered
                story = _story(line, args.jsonl, n)
            except UsageError as e:
                print(f"renewal-radar: {e}", file=sys.stderr)
                bad += 1
                continue
            found = _detect_json(story, watchlist, threshold, detector_of(config))
            print(json.dumps({"id": story["id"], "events": found}, ensure_ascii=False))
    return 2 if bad else 0


@contextmanager
def _input(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdin
        return
    try:
        with open(path, encoding="utf-8") as fh:
            yield fh
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror}") from e


def _story(line: str, path: str, n: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise UsageError(f"{path}:{n}: not JSON: {e.msg}") from e
    if not isinstance(row, dict) or "id" not in row:
        raise UsageError(f'{path}:{n}: expected an object with an "id"')
    return {"id": row["id"], "title": row.get("title") or "", "text": row.get("text") or ""}


def detector_of(config: Config) -> Callable[[str, str, Watchlist], list[Claim]]:
    """The detector the config names: the rules (the default) or the learned model."""
    return model_detect if config.detection.detector == "model" else detect


def _detect_json(
    story: dict[str, Any],
    watchlist: Watchlist,
    threshold: float,
    run: Callable[[str, str, Watchlist], list[Claim]],
) -> list[Any]:
    try:
        claims = run(story["title"], story["text"], watchlist)
    except Exception:  # a detector bug on one story must not cost the answers to the others
        log.exception("detection failed on story %r; answered with no events", story["id"])
        return []
    return [_claim_json(c) for c in claims if c.confidence >= threshold]


def _claim_json(c: Claim) -> dict[str, Any]:
    keys = ("series", "event", "season", "network", "confidence", "evidence")
    return {k: getattr(c, k) for k in keys} | {"rule": c.rule}


def cmd_explain(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    too_old: str | None = None
    if args.url is not None and args.headline:
        print("explain: --headline goes with --text or alone (a URL's story has its own)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.url is None and args.text is None and not args.headline:
        print("explain: give a stored story's URL, --text, or --headline", file=sys.stderr)
        return 2
    if args.url is None:
        title, text = args.headline, args.text or ""
    else:
        title, text, too_old = _story_at(args.url, config, args.fetch)
    watchlist = watchlist_of(config)
    model = config.detection.detector == "model"
    lines = (model_explain if model else explain)(title, text, watchlist)
    for line in lines:
        print(line)
    if not any(line.startswith("mention:") for line in lines):
        print(f"note: the story names no watched series (the watchlist is the {len(watchlist)} "
              f"titles under series: in {args.config})")  # fmt: skip
    claims = [c for c in detector_of(config)(title, text, watchlist)]
    threshold, floor = config.detection.min_confidence, config.detection.report_floor
    fired = [c for c in claims if c.confidence >= threshold]
    if too_old:
        print(f"verdict: no alert: {too_old}")
    else:
        print(f"verdict: fires {len(fired)} alert(s)" if fired else "verdict: no alert")
    for c in claims:
        if too_old:
            mark = "stored, never alerts: too old"
        elif c.confidence >= threshold:
            mark = "fires"
        elif c.confidence >= floor:
            mark = f"below {threshold}: waits for another outlet to corroborate it"
        else:
            mark = f"below threshold {threshold}"
        print(f"  {c.series}: {c.event}, season {c.season}, network {c.network}, "
              f"confidence {c.confidence:.2f} ({mark}; rule {c.rule})")  # fmt: skip
    return 0


def _story_at(url: str, config: Config, fetch: bool) -> tuple[str, str, str | None]:
    """The story at `url` as stored (what detection saw); with `fetch`, else read from the page.
    Third: why a stored story never alerts whatever it says (older than `detection.max_age`)."""
    store = Store(config.database)
    try:
        missing = store.missing()
        if missing is not None and not fetch:
            raise UsageError(f"{url}: no such story stored: {missing} holds no "
                             "database yet (add --fetch to read the page now)")  # fmt: skip
        found = None
        if missing is None:
            store.upgrade()
            found = store.find_article(canonical_url(url))
    finally:
        store.close()
    if found is not None:
        a = found.article
        print(f"story: stored from {a.source}: {a.title}")
        max_age = config.detection.max_age
        too_old = None
        if a.published and a.published < found.fetched_at - max_age:
            age = format_duration(max_age)
            too_old = (f"published {a.published:%Y-%m-%d}, more than detection.max_age "
                       f"({age}) before it was fetched: never alerted")  # fmt: skip
        return a.title, a.text, too_old
    if not fetch:
        raise UsageError(f"{url}: no such story stored in {store.url} "
                         "(add --fetch to read the page now)")  # fmt: skip
    with make_client(user_agent_of(config)) as client:
        article = fetch_article(client, url, deadline=config.fetch_timeout.total_seconds())
    print(f"story: fetched now from the page: {article.title}")
    return article.title, article.text, None


def _no_database(path: str, config: str) -> str:
    return (f"{path}: no database there yet: nothing has run with {config} "
            "(`renewal-radar once` or `run` creates it)")  # fmt: skip


def cmd_status(args: argparse.Namespace) -> int:
    radar = _open(args, reading=True)
    try:
        for line in status_lines(radar, radar.now()):
            print(line)
    finally:
        radar.close()
    return 0


def status_lines(radar: Radar, now: datetime) -> Iterator[str]:
    """What an operator wants at a glance: sources, recent events, deliveries."""
    states = {s.name: s for s in radar.store.source_states()}
    yield f"database: {hide_secrets(radar.store.url)}"
    yield "sources:"
    for source in radar.config.sources:
        yield "  " + _source_line(source.name, states.get(source.name), now)
    counts = radar.store.counts()
    yield f"articles: {counts['articles']} stored, {counts['undetected']} awaiting detection"
    yield "recent events:"
    events = recent_events(radar.store.engine)
    for e in events:
        yield f"  {_when(e.first_seen_at)}  {e.describe()}"
    if not events:
        yield "  none yet"
    if weak := waiting_lines(radar.store.engine):
        yield "weak reports (below detection.min_confidence, until another outlet agrees):"
        yield from (f"  {line}" for line in weak)
    d = delivery_counts(radar.store.engine)
    yield "deliveries: " + (", ".join(f"{n} {status}" for status, n in sorted(d.items())) or "none")
    waiting = ("pending", "retrying", "sending", "dead")
    for line in delivery_lines(radar.store.engine, waiting, subscribers=radar.subscribers):
        yield f"  {line}"
    yield _subscribers_line(radar)
    if radar.config.executor == "celery":
        yield from _cluster().cluster_lines(radar)


def _subscribers_line(radar: Radar) -> str:
    """How many fans are told: the config's, less any who stopped their alerts on the web
    (named, since the config still lists them), and how many subscribed there (not named)."""
    names = [s.name for s in radar.subscribers]
    line = f"subscribers: {len(names)} in the config"
    if radar.face is None:
        return line
    if gone := sorted(radar.face.fans.opted_out().intersection(names)):
        line += f" ({len(gone)} stopped their alerts on the web: {', '.join(gone)})"
    return line + f", {plural(len(radar.face.subscribers()), 'fan')} subscribed on the web"


def _source_line(name: str, state: SourceState | None, now: datetime) -> str:
    if state is None or state.last_attempt_at is None:
        return f"{name}: never fetched"
    status = (state.last_status or "?").replace("_", " ")  # "not_modified" reads "not modified"
    line = f"{name}: {status} {_when(state.last_attempt_at)}"
    if state.last_success_at:
        line += f", last success {_when(state.last_success_at)}"
    line += f", {plural(state.articles_total, 'story')}"
    if state.empty_runs:
        line += f", no article found in {plural(state.empty_runs, 'run')} in a row"
    if state.consecutive_failures:
        line += f", {plural(state.consecutive_failures, 'failure')} in a row"
    if state.next_attempt_at and state.next_attempt_at > now:
        line += f", backing off until {_when(state.next_attempt_at)}"
    if state.last_error:
        line += f"; {state.last_error}"
    return line


def _when(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def subscriber_named(config: Config, path: str, name: str) -> SubscriberConfig:
    """The config's subscriber `name`; a UsageError naming the others if there is none."""
    sub = next((s for s in config.subscribers if s.name == name), None)
    if sub is None:
        _no_subscriber(path, name, [s.name for s in config.subscribers])
    return sub


def _no_subscriber(path: str, name: str, names: list[str]) -> NoReturn:
    raise UsageError(f"{path}: no subscriber named {name!r} "
                     f"(subscribers: {', '.join(names) or 'none'})")  # fmt: skip


def cmd_deliveries(args: argparse.Namespace) -> int:
    radar = _open(args)
    try:
        if args.subscriber is not None:  # the config's subscribers, and the web's fans
            names = [s.name for s in radar.subscribers]
            names += [f.name for f in radar.face.subscribers()] if radar.face else []
            if args.subscriber not in names:
                _no_subscriber(args.config, args.subscriber, names)
        n = requeue_dead(radar.store.engine, radar.now(), args.subscriber)
    finally:
        radar.close()
    print(f"{n} dead deliveries queued again; `once` or the daemon sends them")
    return 0


def cmd_test_notify(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    sub = subscriber_named(config, args.config, args.name)
    failed = 0
    for url in sub.notify:
        title = "Renewal Radar: test message"
        body = with_unsubscribe(
            f"This is a test for {sub.name}. Alerts about your series will arrive here.", sub.name
        )
        result = send(url, title, body, timeout=config.delivery.timeout.total_seconds())
        failed += not result.ok
        label = target_label(url)
        reason = (result.error or "").removeprefix(f"{label}: ")  # said once, in front
        print(f"{label}: {'sent' if result.ok else reason}")
    return 1 if failed else 0


class UsageError(Exception):
    """A mistake on the command line or in its input: one sentence, exit 2."""


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check-config": cmd_check_config,
    "run": cmd_run,
    "once": cmd_once,
    "detect": cmd_detect,
    "explain": cmd_explain,
    "status": cmd_status,
    "db": lambda args: _db(args),
    "deliveries": cmd_deliveries,
    "test-notify": cmd_test_notify,
    "worker": cmd_worker,
    "web": cmd_web,
}
"""What each command of `radar_cli.COMMANDS` runs."""

parser, version = radar_cli.parser, radar_cli.version  # the front's, named here as before


def _db(args: argparse.Namespace) -> int:
    store = Store(load_config(args.config).database)
    try:
        store.upgrade()
    finally:
        store.close()
    print(f"{hide_secrets(store.url)}: schema up to date")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (`radar_cli.main` is the installed one; it parses, then calls `run`)."""
    return radar_cli.main(argv)


def run(args: argparse.Namespace) -> int:
    """Run the parsed command: logging set up, errors turned into one line and an exit code."""
    radar_cli.log_to_stderr(args.verbose)
    try:
        return COMMANDS[args.command](args)
    except ConfigError as e:
        return radar_cli.config_problems(e)
    except (UsageError, ScraperError) as e:
        print(f"renewal-radar: {e}", file=sys.stderr)
        return 2
    except DatabaseError as e:
        print(f"renewal-radar: database error: {describe_db_error(e)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
