"""Claims become events: one per real status change, many reports, one delivery per fan."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

import alerts.claims as claims
from alerts import (
    Claim,
    SendResult,
    Subscriber,
    deliver_due,
    deliveries,
    events,
    record,
    release_orphans,
    reports,
)
from alerts.claims import WORKER
from alerts.timing import Timing
from scraper import Article, Store, StoredArticle
from scraper import utcnow as service_now

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FAN = Subscriber("fan", ("json://127.0.0.1:9/fan",))


def stored(store: Store, n: int, source: str = "outlet") -> StoredArticle:
    article = Article.make(f"https://{source}.example.com/{n}", f"Headline {n}", "Text.", source)
    store.add_articles([article], NOW)
    found = store.find_article(article.url)
    assert found is not None
    return found


def claim(series: str = "Severance", event: str = "renewed", season: int | None = 3) -> Claim:
    return Claim(series, event, season, "Apple TV+", 0.9, f"{series} was {event}.", "test-rule")


def rows(store: Store, table: sa.Table) -> list[sa.RowMapping]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(table).order_by(table.c.id)).mappings())


def put(store: Store, article: StoredArticle, *claims: Claim, when: datetime = NOW) -> None:
    with store.engine.begin() as conn:
        record(conn, article, claims, [FAN], when)


def test_five_outlets_reporting_one_renewal_make_one_event_and_one_delivery(store: Store) -> None:
    for n in range(5):
        put(store, stored(store, n, f"outlet{n}"), claim())
    [event] = rows(store, events)
    assert (event["series"], event["event"], event["season"], event["reports"]) == (
        "Severance", "renewed", 3, 5,
    )  # fmt: skip
    assert len(rows(store, reports)) == 5
    assert len(rows(store, deliveries)) == 1


def test_the_same_story_processed_twice_adds_nothing(store: Store) -> None:
    article = stored(store, 1)
    put(store, article, claim())
    put(store, article, claim())
    assert rows(store, events)[0]["reports"] == 1
    assert len(rows(store, deliveries)) == 1


def test_a_later_different_outcome_is_a_new_event(store: Store) -> None:
    put(store, stored(store, 1), claim(event="renewed"))
    put(
        store,
        stored(store, 2),
        claim(event="cancelled", season=None),
        when=NOW + timedelta(days=90),
    )
    put(store, stored(store, 3), claim(event="revived", season=4), when=NOW + timedelta(days=200))
    assert [e["event"] for e in rows(store, events)] == ["renewed", "cancelled", "revived"]
    assert len(rows(store, deliveries)) == 3


def test_a_report_without_a_season_joins_the_recent_event(store: Store) -> None:
    put(store, stored(store, 1), claim(season=None))
    put(store, stored(store, 2), claim(season=3), when=NOW + timedelta(days=1))
    put(store, stored(store, 3), claim(season=None), when=NOW + timedelta(days=2))
    [event] = rows(store, events)
    assert (event["season"], event["reports"]) == (3, 3)


def test_only_followers_of_the_series_and_event_get_a_delivery(store: Store) -> None:
    fans = [
        Subscriber("all", ("json://127.0.0.1:9/a", "json://127.0.0.1:9/b")),
        Subscriber("other-show", ("json://127.0.0.1:9/c",), series=frozenset({"the bear"})),
        Subscriber("cancellations", ("json://127.0.0.1:9/d",), events=frozenset({"cancelled"})),
        Subscriber("severance", ("json://127.0.0.1:9/e",), series=frozenset({"severance"})),
    ]
    article = stored(store, 1)
    with store.engine.begin() as conn:
        record(conn, article, [claim()], fans, NOW)
    got = sorted((r["subscriber"], r["target_label"]) for r in rows(store, deliveries))
    assert [name for name, _ in got] == ["all", "all", "severance"]


def test_a_sent_delivery_is_never_sent_again_and_a_failed_one_waits_its_turn(store: Store) -> None:
    put(store, stored(store, 1), claim())
    calls: list[str] = []
    outcomes = iter([SendResult(False, "json://127.0.0.1:9/fan: HTTP 500"), SendResult(True)])

    def sender(url: str, title: str, body: str) -> SendResult:
        calls.append(title)
        return next(outcomes)

    clock = [NOW]
    retry = [timedelta(minutes=1)]
    first = deliver_due(store.engine, [FAN], sender, lambda: clock[0], retry)
    assert (first.sent, first.retrying) == (0, 1)
    assert deliver_due(store.engine, [FAN], sender, lambda: clock[0], retry).sent == 0
    clock[0] = NOW + timedelta(minutes=2)
    assert deliver_due(store.engine, [FAN], sender, lambda: clock[0], retry).sent == 1
    assert deliver_due(store.engine, [FAN], sender, lambda: clock[0], retry).sent == 0
    assert len(calls) == 2
    assert "Severance" in calls[0]
    [row] = rows(store, deliveries)
    assert (row["status"], row["attempts"]) == ("sent", 2)


def test_a_delivery_that_keeps_failing_is_dead_after_the_retry_ladder(store: Store) -> None:
    put(store, stored(store, 1), claim())
    retry = [timedelta(0), timedelta(0)]
    fail = lambda *_: SendResult(False, "refused")  # noqa: E731
    reports_ = [deliver_due(store.engine, [FAN], fail, lambda: NOW, retry) for _ in range(4)]
    assert [(r.retrying, r.dead) for r in reports_] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    assert rows(store, deliveries)[0]["status"] == "dead"


def test_a_delivery_whose_target_left_the_config_is_dead_with_a_reason(store: Store) -> None:
    put(store, stored(store, 1), claim())
    moved = Subscriber("fan", ("json://127.0.0.1:9/new-place",))
    report = deliver_due(store.engine, [moved], lambda *_: SendResult(True), lambda: NOW)
    assert report.dead == 1
    assert "no longer in config.yaml" in rows(store, deliveries)[0]["last_error"]


def _passes_after_a_claim_elsewhere(store: Store) -> Callable[[float], int]:
    """A delivery claimed by another host at NOW; a delivery pass some minutes later."""
    put(store, stored(store, 1), claim())
    _claimed_by(store, "elsewhere:1:abcdef12")
    clock = [NOW]

    def pass_at(minutes: float) -> int:
        clock[0] = NOW + timedelta(minutes=minutes)
        return deliver_due(store.engine, [FAN], lambda *_: SendResult(True), lambda: clock[0]).sent

    return pass_at


def test_a_claim_of_another_host_is_sent_again_once_stale_and_still_stale_a_minute_later(
    store: Store,
) -> None:
    pass_at = _passes_after_a_claim_elsewhere(store)
    assert [pass_at(m) for m in (1, 10, 10.5)] == [0, 0, 0]
    # The mark is in the database, so a later process (cron's next `once`) finishes the job.
    assert rows(store, deliveries)[0]["next_attempt_at"] == NOW + timedelta(minutes=11)
    assert pass_at(11) == 1


def test_a_stale_claim_renewed_by_its_sender_after_it_was_marked_is_not_taken(
    store: Store,
) -> None:
    pass_at = _passes_after_a_claim_elsewhere(store)
    assert pass_at(10) == 0
    with store.engine.begin() as conn:  # the sender was alive after all: it renews its claim
        renewed = NOW + timedelta(minutes=10, seconds=30)
        conn.execute(deliveries.update().values(claimed_at=renewed))
    assert [pass_at(m) for m in (11, 15)] == [0, 0]
    assert rows(store, deliveries)[0]["status"] == "sending"


def test_a_live_senders_claim_is_never_taken_over_however_old(store: Store) -> None:
    put(store, stored(store, 1), claim())
    sent = lambda *_: SendResult(True)  # noqa: E731
    claimed = service_now()  # the other process below started before its claim
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        for owner in (WORKER, f"{socket.gethostname()}:{other.pid}:0therrun"):
            _claimed_by(store, owner, claimed)
            for later in (claimed + timedelta(minutes=m) for m in (10, 20, 60 * 24)):
                assert deliver_due(store.engine, [FAN], sent, lambda: later).sent == 0  # noqa: B023
        other.kill()  # the other sender on this host dies: its claim is free at once
        other.wait()
        assert deliver_due(store.engine, [FAN], sent, lambda: claimed).sent == 1


def test_a_claim_by_a_process_id_since_reused_is_free(store: Store) -> None:
    put(store, stored(store, 1), claim())
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        _claimed_by(store, f"{socket.gethostname()}:{other.pid}:0ldrun00")  # claimed at NOW,
        assert release_orphans(store.engine, NOW) == 1  # before this process started
        other.kill()


def test_a_template_that_fails_to_render_is_a_failed_delivery_not_a_crash(store: Store) -> None:
    put(store, stored(store, 1), claim())
    broken = Subscriber("fan", FAN.targets, templates=("{{ no_such_name }}", None))
    report = deliver_due(store.engine, [broken], lambda *_: SendResult(True), lambda: NOW, [])
    assert report.dead == 1
    assert "template cannot render" in rows(store, deliveries)[0]["last_error"]


def test_min_reports_counts_outlets_not_stories_and_the_message_says_how_many(
    store: Store,
) -> None:
    careful = Subscriber("careful", ("json://127.0.0.1:9/c",), min_reports=2)
    sent: list[str] = []

    def sender(url: str, title: str, body: str) -> SendResult:
        sent.append(body)
        return SendResult(True)

    def put_for(article: StoredArticle) -> None:
        with store.engine.begin() as conn:
            record(conn, article, [claim()], [careful], NOW)

    put_for(stored(store, 1, "deadline"))
    put_for(stored(store, 2, "deadline"))  # a second story on the same site
    assert deliver_due(store.engine, [careful], sender, lambda: NOW).sent == 0
    put_for(stored(store, 3, "variety"))
    later = NOW + timedelta(hours=1)
    assert deliver_due(store.engine, [careful], sender, lambda: later).sent == 1
    assert "Confirmed by 2 outlets." in sent[0]


def _claimed_by(store: Store, owner: str, at: datetime = NOW) -> None:
    with store.engine.begin() as conn:
        conn.execute(deliveries.update().values(status="sending", claimed_at=at, claimed_by=owner))


def test_a_restart_frees_rows_claimed_by_a_dead_sender_on_this_host(store: Store) -> None:
    put(store, stored(store, 1), claim())
    host = socket.gethostname()
    for owner in (f"{host}:{os.getpid()}:0ldrun00", f"{host}:{os.getpid()}"):  # a reused pid
        _claimed_by(store, owner)
        assert release_orphans(store.engine, NOW) == 1
        assert rows(store, deliveries)[0]["status"] == "retrying"
    for owner in (WORKER, "elsewhere:1:abcdef12"):  # alive, or another host's (left to stale)
        _claimed_by(store, owner)
        assert release_orphans(store.engine, NOW) == 0
        assert rows(store, deliveries)[0]["status"] == "sending"


def _sending(store: Store) -> int:
    return sum(r["status"] == "sending" for r in rows(store, deliveries))


def test_rows_are_claimed_a_batch_at_a_time_just_before_their_messages_go(store: Store) -> None:
    for n, series in enumerate(("Severance", "The Bear", "Ghosts")):
        put(store, stored(store, n), claim(series))
    digest = Subscriber("fan", FAN.targets, timing=Timing(mode="digest"))
    seen: list[int] = []

    def sender(url: str, title: str, body: str) -> SendResult:
        seen.append(_sending(store))
        return SendResult(True)

    assert deliver_due(store.engine, [FAN], sender, lambda: NOW, limit=2).sent == 3
    assert seen == [2, 1, 1]  # a batch of two claimed, each row marked once its message went
    with store.engine.begin() as conn:
        conn.execute(deliveries.update().values(status="pending", next_attempt_at=NOW))
    later = NOW + timedelta(days=1)
    assert deliver_due(store.engine, [digest], sender, lambda: later).sent == 3
    assert seen[3:] == [3]  # a digest is one message: its rows are in flight together


def test_once_stopping_no_further_message_starts_and_none_is_left_claimed(store: Store) -> None:
    for n, series in enumerate(("Severance", "The Bear", "Ghosts")):
        put(store, stored(store, n), claim(series))
    sent: list[str] = []

    def sender(url: str, title: str, body: str) -> SendResult:
        sent.append(title)
        return SendResult(True)

    report = deliver_due(store.engine, [FAN], sender, lambda: NOW, stopping=lambda: bool(sent))

    assert (report.sent, len(sent), _sending(store)) == (1, 1, 0)
    assert sorted(r["status"] for r in rows(store, deliveries)) == ["pending", "pending", "sent"]


def test_cancelled_revived_then_cancelled_again_alerts_each_time(store: Store) -> None:
    # No story names a season, so the third is (series, cancelled, no season) again:
    # after the revival it is news, within the merge window or long after it.
    for n, (event, days) in enumerate([("cancelled", 0), ("revived", 20), ("cancelled", 40),
                                       ("revived", 300), ("cancelled", 700)]):  # fmt: skip
        put(store, stored(store, n), claim(event=event, season=None),
            when=NOW + timedelta(days=days))  # fmt: skip
    assert [e["event"] for e in rows(store, events)] == [
        "cancelled", "revived", "cancelled", "revived", "cancelled",
    ]  # fmt: skip
    assert len(rows(store, deliveries)) == 5


def test_a_further_report_after_a_reversal_joins_the_new_event(store: Store) -> None:
    put(store, stored(store, 1), claim(event="cancelled", season=None))
    put(store, stored(store, 2), claim(event="revived", season=None), when=NOW + timedelta(1))
    put(store, stored(store, 3, "a"), claim(event="cancelled", season=None),
        when=NOW + timedelta(2))  # fmt: skip
    put(store, stored(store, 4, "b"), claim(event="cancelled", season=None),
        when=NOW + timedelta(3))  # fmt: skip
    put(store, stored(store, 5, "c"), claim(event="cancelled", season=None),
        when=NOW + timedelta(days=200))  # fmt: skip
    assert [(e["event"], e["reports"]) for e in rows(store, events)] == [
        ("cancelled", 1), ("revived", 1), ("cancelled", 3),
    ]  # fmt: skip
    assert len(rows(store, deliveries)) == 3


def test_a_late_report_naming_the_old_season_joins_the_old_event(store: Store) -> None:
    put(store, stored(store, 1), claim(event="cancelled", season=2))
    put(store, stored(store, 2), claim(event="revived", season=3), when=NOW + timedelta(30))
    put(store, stored(store, 3, "late"), claim(event="cancelled", season=2),
        when=NOW + timedelta(31))  # fmt: skip
    assert [(e["event"], e["reports"]) for e in rows(store, events)] == [
        ("cancelled", 2), ("revived", 1),
    ]  # fmt: skip
    assert len(rows(store, deliveries)) == 2


def test_renewed_for_a_final_season_then_more_reports_alert_nothing_more(store: Store) -> None:
    put(store, stored(store, 1), claim(event="renewed", season=4), claim(event="ending", season=4))
    put(store, stored(store, 2, "b"), claim(event="renewed", season=None),
        when=NOW + timedelta(days=10))  # fmt: skip
    put(store, stored(store, 3, "c"), claim(event="ending", season=None),
        when=NOW + timedelta(days=11))  # fmt: skip
    assert len(rows(store, events)) == 2
    assert len(rows(store, deliveries)) == 2


def test_a_failure_is_stored_and_logged_once_without_repeating_its_target(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    put(store, stored(store, 1), claim())
    label = rows(store, deliveries)[0]["target_label"]
    fail = lambda *_: SendResult(False, f"{label}: failure: HTTP 500")  # noqa: E731

    deliver_due(store.engine, [FAN], fail, lambda: NOW, [timedelta(minutes=1, seconds=30)])

    assert rows(store, deliveries)[0]["last_error"] == "failure: HTTP 500"
    [line] = [r.getMessage() for r in caplog.records if r.name == "alerts.outbox"]
    assert (
        line == f"alert not sent, retry in 1m30s: Severance renewed to fan ({label}): "
        "failure: HTTP 500"
    )


def test_a_digest_is_one_message_even_past_the_pass_limit(store: Store) -> None:
    for n, series in enumerate(("Severance", "The Bear", "Ghosts")):
        put(store, stored(store, n), claim(series))
    digest = Subscriber("fan", FAN.targets, timing=Timing(mode="digest"))
    bodies: list[str] = []

    def sender(url: str, title: str, body: str) -> SendResult:
        bodies.append(body)
        return SendResult(True)

    later = NOW + timedelta(days=1)
    assert deliver_due(store.engine, [digest], sender, lambda: later, limit=2).sent == 3
    [body] = bodies
    assert all(series in body for series in ("Severance", "The Bear", "Ghosts"))


def test_a_digest_fan_with_a_digest_template_gets_it(store: Store) -> None:
    put(store, stored(store, 1), claim())
    source = "{% for a in alerts %}{{ a.summary }};{% endfor %}"
    digest = Subscriber("fan", FAN.targets, timing=Timing(mode="digest"), digest_template=source)
    bodies: list[str] = []

    def sender(url: str, title: str, body: str) -> SendResult:
        bodies.append(body)
        return SendResult(True)

    assert deliver_due(store.engine, [digest], sender, lambda: NOW + timedelta(days=1)).sent == 1
    assert bodies[0].startswith("Severance renewed for season 3;\n\n_To stop these alerts")


def test_a_long_send_keeps_its_claim_fresh_so_no_other_host_takes_it_as_stale(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims, "RENEW_EVERY", timedelta(seconds=0.1))
    put(store, stored(store, 1), claim())
    clock = [NOW]
    seen: list[datetime] = []

    def long_send(url: str, title: str, body: str) -> SendResult:
        seen.append(rows(store, deliveries)[0]["claimed_at"])  # before the clock moves on
        clock[0] = NOW + timedelta(minutes=30)  # half an hour in flight, as the clock goes
        deadline = time.monotonic() + 30
        while not seen or seen[-1] != clock[0]:
            assert time.monotonic() < deadline, "the claim was not renewed"
            time.sleep(0.05)
            seen.append(rows(store, deliveries)[0]["claimed_at"])
        return SendResult(True)

    assert deliver_due(store.engine, [FAN], long_send, lambda: clock[0]).sent == 1
    assert seen[0] == NOW  # claimed at the start, renewed while in flight
