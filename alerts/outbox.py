"""The delivery outbox: claim due rows, send them, record the outcomes; never twice, never lost.

Each row is one (subscriber, event, target). A pass reads the due rows in batches
of `limit` (by id, so it ends: a row due again at once after a failure waits for
the next pass), claims each batch's ready rows (`sending`) in one short
transaction, and sends its messages: those for different hosts at once, up to
`workers`, those for one host one after another over one kept connection. Each
message's rows are marked as soon as it has gone (`claims.py`), before the next
message to that host starts, so a crash repeats at most the messages in flight,
one a host being sent to, once their sender is known to be gone; rows claimed but
not yet sent are freed and sent once. A database outage between send and mark
repeats none.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .claims import claim, holding, release, release_orphans, settle, writer
from .deliver import SendResult, target_key
from .events import Subscriber, outlet_of
from .message import Alert, render, render_digest
from .tables import articles, deliveries, events, reports

log = logging.getLogger(__name__)

DEFAULT_RETRY = tuple(timedelta(minutes=m) for m in (1, 5, 30, 120, 720))  # then the row is dead

HOLD_FOR_REPORTS = timedelta(minutes=10)
"""How long an alert waiting for `min_reports` waits before it looks again."""

BATCH = 200
"""Due rows read and claimed at once; a pass goes on batch after batch until none is due."""

WORKERS = 4
"""Hosts sent to at once; messages to one host go one after another over one connection."""

Sender = Callable[[str, str, str], SendResult]
Row = dict[str, Any]
"""A delivery joined with its event; `reports` counts the distinct outlets that confirm it."""


@dataclass
class DeliveryReport:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)
    given_up: list[str] = field(default_factory=list)  # one line per delivery declared dead


@dataclass
class _Message:
    """One message to send: one row, or a digest's rows; `rows` once they are claimed."""

    sub: Subscriber
    url: str
    ids: list[int]
    rows: list[Row] = field(default_factory=list)


def _due(now: datetime) -> Any:
    """Rows waiting for their time; a `sending` row is due again only once `release_orphans`
    has freed it."""
    waiting = deliveries.c.status.in_(("pending", "retrying"))
    return waiting & (deliveries.c.next_attempt_at <= now)


def deliver_due(
    engine: Engine,
    subscribers: Sequence[Subscriber],
    send: Sender,
    now: Callable[[], datetime],
    retry: Sequence[timedelta] = DEFAULT_RETRY,
    limit: int = BATCH,
    stopping: Callable[[], bool] = lambda: False,
    workers: int = WORKERS,
) -> DeliveryReport:
    """Send every due delivery once; failures wait on the `retry` ladder, then are dead.

    A digest fan's due rows for one target go out as one message. Rows are claimed a
    batch (`limit`) at a time, just before their messages go; once `stopping()` is true
    no further message starts and the claimed rows not sent are given back.
    """
    run = _Pass(engine, send, now, retry, stopping)
    subs = {s.name: s for s in subscribers}
    release_orphans(engine, now())
    after, digests = 0, set[tuple[str, str]]()
    with holding(engine, now), ThreadPoolExecutor(workers, "deliver") as pool:
        while not stopping():
            page = _due_page(engine, now(), after, limit)
            if not page:
                break
            after = page[-1][0]
            messages = run.plan(page, subs, digests)
            run.send_all(pool, _claim_ready(engine, messages, now()))
    return run.report


class _Pass:
    """One pass's sending: messages by host on the pool, outcomes stored and counted."""

    def __init__(
        self,
        engine: Engine,
        send: Sender,
        now: Callable[[], datetime],
        retry: Sequence[timedelta],
        stopping: Callable[[], bool],
    ) -> None:
        self.engine, self.send, self.now, self.retry = engine, send, now, retry
        self.stopping = stopping
        self.report = DeliveryReport()
        self.lock = threading.Lock()  # the report is counted from every sending thread

    def plan(
        self,
        page: list[tuple[int, str, str]],
        subs: dict[str, Subscriber],
        digests: set[tuple[str, str]],
    ) -> list[_Message]:
        """The messages of a batch of due rows; rows of targets gone from the config die."""
        groups: dict[tuple[str, str], list[int]] = {}
        for row_id, name, key in page:
            groups.setdefault((name, key), []).append(row_id)
        messages: list[_Message] = []
        for (name, key), ids in groups.items():
            sub = subs.get(name)
            url = next((u for u in sub.targets if target_key(u) == key), None) if sub else None
            if sub is None or url is None:
                self.give_up(ids, f"no longer in config.yaml for {name}")
            elif sub.timing.mode != "digest":
                messages += [_Message(sub, url, [i]) for i in ids]
            elif (name, key) not in digests:  # every due row, even past `limit`: one message
                digests.add((name, key))
                messages.append(_Message(sub, url, _due_ids(self.engine, name, key, self.now())))
        return messages

    def send_all(self, pool: ThreadPoolExecutor, messages: list[_Message]) -> None:
        """Send claimed messages, hosts at once, one host's in order; wait for them all."""
        by_host: dict[str, list[_Message]] = {}
        for message in messages:
            by_host.setdefault(_host(message.url), []).append(message)
        running = [pool.submit(self.send_in_turn, queue) for queue in by_host.values()]
        wait(running)
        for done in running:
            done.result()  # a failure here (not a failed send: a bug) is raised

    def send_in_turn(self, queue: list[_Message]) -> None:
        """One host's messages in order, each marked before the next starts; on a stop (or
        a bug) the claims of those not started are given back."""
        started = 0
        try:
            with writer(self.engine) as held:  # for the results, one after another
                for message in queue:
                    if self.stopping():
                        return
                    started += 1
                    result = _send_batch(self.send, message.url, message.rows, message.sub)
                    self.finish(message.rows, result, message.sub, held=held)
        finally:
            unsent = [(r["id"], r["status"]) for m in queue[started:] for r in m.rows]
            if unsent:
                release(self.engine, unsent)

    def give_up(self, ids: list[int], reason: str) -> None:
        for row in _rows(self.engine, ids):
            self.finish([row], SendResult(False, f"{row['target_label']}: {reason}"), None, ())

    def finish(
        self,
        batch: Sequence[Row],
        result: SendResult,
        sub: Subscriber | None,
        retry: Sequence[timedelta] | None = None,
        held: sa.Connection | None = None,
    ) -> None:
        """Store the outcome of one message on each of its rows; log it in one line."""
        now = self.now()
        ladder = self.retry if retry is None else retry
        said: dict[tuple[int, str], list[str]] = {}
        results: list[tuple[int, dict[str, Any]]] = []
        with self.lock:
            for row in batch:
                values, level, outcome = _outcome(row, result, now, ladder, sub, self.report)
                results.append((row["id"], values))
                said.setdefault((level, outcome), []).append(f"{row['series']} {row['event']}")
        head = batch[0]
        alerts = ", ".join(f"{row['series']} {row['event']}" for row in batch)
        what = f"{alerts} to {head['subscriber']} ({head['target_label']})"
        settle(self.engine, results, what, held)
        reason = _reason(head, result)
        for (level, outcome), alerts_ in said.items():
            log.log(level, "%s: %s to %s (%s)%s", outcome, ", ".join(alerts_), head["subscriber"],
                    head["target_label"], f": {reason}" if reason else "")  # fmt: skip


def _host(url: str) -> str:
    """Where a message goes, as connections are kept: host and port (for most Apprise
    services the host is the service's own, or a webhook id)."""
    try:
        parts = urlsplit(url.strip())
        return f"{parts.scheme}://{parts.hostname}:{parts.port}"
    except ValueError:
        return url


def next_due(engine: Engine) -> datetime | None:
    """When the earliest waiting delivery is due (a retry, a digest, the end of quiet hours)."""
    waiting = deliveries.c.status.in_(("pending", "retrying"))
    query = sa.select(sa.func.min(deliveries.c.next_attempt_at)).where(waiting)
    with engine.connect() as conn:
        at: datetime | None = conn.execute(query).scalar()
    return at


def _due_page(engine: Engine, now: datetime, after: int, limit: int) -> list[tuple[int, str, str]]:
    """Up to `limit` due rows after id `after`, in id order: (id, subscriber, target key)."""
    cols = (deliveries.c.id, deliveries.c.subscriber, deliveries.c.target_key)
    query = sa.select(*cols).where(_due(now), deliveries.c.id > after)
    with engine.connect() as conn:
        found = conn.execute(query.order_by(deliveries.c.id).limit(limit))
        return [(row_id, name, key) for row_id, name, key in found]


def _due_ids(engine: Engine, name: str, key: str, now: datetime) -> list[int]:
    """Every due delivery of one subscriber's target, in id order."""
    mine = (deliveries.c.subscriber == name) & (deliveries.c.target_key == key)
    query = sa.select(deliveries.c.id).where(mine, _due(now)).order_by(deliveries.c.id)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def _claim_ready(engine: Engine, messages: list[_Message], now: datetime) -> list[_Message]:
    """Claim the rows whose event enough outlets confirm; postpone the others.

    Quiet hours are checked again here, at send time: a row due before they began
    (the daemon was down, a retry, a confirmation) waits for their end all the same.
    Every row is read once and every ready row claimed in one transaction.
    """
    later: dict[datetime, list[int]] = {}
    awake: list[_Message] = []
    for message in messages:
        quiet_until = message.sub.timing.after_quiet(now)
        if quiet_until > now:
            later.setdefault(quiet_until, []).extend(message.ids)
        else:
            awake.append(message)
    rows = {r["id"]: r for r in _rows(engine, [i for m in awake for i in m.ids])}
    for message in awake:
        found = [rows[i] for i in message.ids if i in rows]
        if any(r["reports"] < message.sub.min_reports for r in found):
            at = message.sub.timing.release_at(now + HOLD_FOR_REPORTS)
            waiting = [r["id"] for r in found if r["reports"] < message.sub.min_reports]
            later.setdefault(at, []).extend(waiting)
        message.rows = [r for r in found if r["reports"] >= message.sub.min_reports]
    for at, ids in later.items():
        _update(engine, ids, {"next_attempt_at": at}, _due(now))
    taken = claim(engine, [r["id"] for m in awake for r in m.rows], now, _due(now))
    for message in awake:
        message.rows = [{**r, "attempts": taken[r["id"]]} for r in message.rows if r["id"] in taken]
    return [m for m in awake if m.rows]


def _rows(engine: Engine, ids: list[int]) -> list[Row]:
    """The deliveries `ids` with their events, in id order, each with its outlet count."""
    with engine.connect() as conn:
        query = joined().where(deliveries.c.id.in_(ids)).order_by(deliveries.c.id)
        rows = [dict(r) for r in conn.execute(query).mappings()]
        outlets = outlet_counts(conn, {r["event_id"] for r in rows})
    return [{**r, "reports": outlets.get(r["event_id"], 1)} for r in rows]


def outlet_counts(conn: sa.Connection, event_ids: Iterable[int]) -> dict[int, int]:
    """How many different sites report each event: two stories on one site are one outlet."""
    query = (
        sa.select(reports.c.event_id, articles.c.url)
        .join(articles, articles.c.id == reports.c.article_id)
        .where(reports.c.event_id.in_(list(event_ids)))
    )
    sites: dict[int, set[str]] = {}
    for event_id, url in conn.execute(query):
        sites.setdefault(event_id, set()).add(outlet_of(url))
    return {event_id: len(found) for event_id, found in sites.items()}


def _update(engine: Engine, ids: list[int], values: dict[str, Any], *where: Any) -> None:
    with engine.begin() as conn:
        conn.execute(deliveries.update().where(deliveries.c.id.in_(ids), *where).values(values))


def _send_batch(send: Sender, url: str, batch: Sequence[Row], sub: Subscriber) -> SendResult:
    try:
        title, body = _render(batch, sub)
    except Exception as e:  # an operator's template that fails at render time
        label = batch[0]["target_label"]
        return SendResult(False, f"{label}: {sub.name}'s template cannot render: {e}")
    return send(url, title, body)


def _render(batch: Sequence[Row], sub: Subscriber) -> tuple[str, str]:
    alerts = [replace(_alert(row), manage_url=sub.manage_url) for row in batch]
    if sub.timing.mode == "digest":
        return render_digest(alerts, sub.name, sub.digest_template, sub.manage_url)
    return render(alerts[0], *sub.templates)


def joined() -> Any:
    """Deliveries joined with their events (what every view of a delivery shows)."""
    return sa.select(
        deliveries, events.c.series, events.c.event, events.c.season, events.c.network,
        events.c.headline, events.c.url, events.c.source, events.c.reports,
    ).join(events, events.c.id == deliveries.c.event_id)  # fmt: skip


def _alert(row: Row) -> Alert:
    return Alert(
        series=row["series"], event=row["event"], season=row["season"] or None,
        network=row["network"], headline=row["headline"], url=row["url"],
        outlet=row["source"], reports=row["reports"], subscriber=row["subscriber"],
    )  # fmt: skip


def _reason(row: Row, result: SendResult) -> str | None:
    """Why a send failed, without the target the row already names."""
    return (result.error or "").removeprefix(f"{row['target_label']}: ") or None


def _outcome(
    row: Row,
    result: SendResult,
    now: datetime,
    retry: Sequence[timedelta],
    sub: Subscriber | None,
    report: DeliveryReport,
) -> tuple[dict[str, Any], int, str]:
    """One row's new values, counted in `report`; its log level and words."""
    attempts = row["attempts"]  # counted when the row was claimed
    what = f"{row['series']} {row['event']} to {row['subscriber']} ({row['target_label']})"
    reason = _reason(row, result)
    if result.ok:
        values: dict[str, Any] = {"status": "sent", "sent_at": now, "last_error": None}
        report.sent += 1
        level, said = logging.INFO, "alert sent"
    elif 0 < attempts <= len(retry):
        wait = retry[attempts - 1]
        at = sub.timing.retry_at(now + wait) if sub else now + wait
        values = {"status": "retrying", "next_attempt_at": at, "last_error": reason}
        report.retrying += 1
        level, said = logging.WARNING, f"alert not sent, retry in {_wait(wait)}"
    else:
        values = {"status": "dead", "last_error": reason}
        report.dead += 1
        report.given_up.append(f"{what}: {reason}")
        level, said = logging.ERROR, f"alert given up after {attempts} attempts"
    if result.error:
        report.errors.append(result.error)
    return values, level, said


def _wait(wait: timedelta) -> str:
    """`1m30s`, `2h`, `0s`: a retry wait as the config writes it."""
    seconds = int(wait.total_seconds())
    parts = [(seconds // 3600, "h"), (seconds // 60 % 60, "m"), (seconds % 60, "s")]
    return "".join(f"{n}{unit}" for n, unit in parts if n) or "0s"
