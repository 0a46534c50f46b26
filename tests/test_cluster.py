"""Scale-out with `executor: celery`: worker processes on the real Redis and PostgreSQL."""

from __future__ import annotations

import json
import signal
import socket
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from cluster_harness import (
    REDIS_URL,
    Press,
    cli,
    cluster_config,
    processes,
    queue_of,
    redis_or_skip,
    ticks,
    title,
    wait_for,
)
from receivers import Receiver
from test_spider_jobs import spider_config
from test_spiders import SITEMAP_STORIES, TradeSite, site  # noqa: F401  (fixture)

from alerts import load_config
from scraper import Store

pytestmark = pytest.mark.postgres


def alerts(rx: Receiver) -> Counter[str]:
    return Counter(r.json()["title"] for r in rx.received)


def expected(sources: int, upto: int) -> set[str]:
    return {
        f"{title(i, k)} renewed for season 3" for i in range(sources) for k in range(1, upto + 1)
    }


def send_tick(
    config: Path, sources: int, tick: int, times: int = 1, names: list[str] | None = None
) -> None:
    """Enqueue `run_source(s, tick)` for every source, as the leader does (`times` over)."""
    from cluster import RUN_SOURCE, make_app

    app = make_app(load_config(config))
    for _ in range(times):
        for name in names or [f"s{i}" for i in range(sources)]:
            app.send_task(RUN_SOURCE, args=[name, tick])
    app.close()


def done(pg_url: str, tick: int) -> int:
    return sum(r["tick"] == tick and r["status"] == "done" for r in ticks(pg_url))


def quiet(config: Path, pg_url: str) -> bool:
    """Nothing queued, nothing taken by a worker, no fetch running."""
    import redis
    from cluster_harness import REDIS_URL

    client, queue = redis.Redis.from_url(REDIS_URL), queue_of(config)
    busy = client.llen(f"{queue}:{queue}") + client.hlen(f"{queue}:unacked")
    return not busy and not any(r["status"] == "running" for r in ticks(pg_url))


def upgraded(pg_url: str) -> None:
    store = Store(pg_url)
    store.upgrade()
    store.close()


def test_three_workers_fetch_each_source_once_per_tick_and_alert_once(
    tmp_path: Path, pg_url: str
) -> None:
    redis_or_skip()
    press = Press(40, delay=0.05)
    with Receiver() as rx:
        config = cluster_config(tmp_path, pg_url, press, rx.url("/fan"))
        upgraded(pg_url)
        worker = ["worker", "--concurrency", "2"]
        with processes(config, worker, worker, worker):
            for tick in (1, 2, 3):
                press.tick = tick
                send_tick(config, 40, tick, times=2)  # twice, as two leaders or a resend would
                wait_for(f"tick {tick} fetched", lambda t=tick: done(pg_url, t) == 40)  # type: ignore[misc]
                want = expected(40, tick)
                wait_for(f"tick {tick} alerts", lambda w=want: set(alerts(rx)) >= w)  # type: ignore[misc]
            wait_for("the queue to drain", lambda: quiet(config, pg_url))
            status = cli(config, "status")
        time.sleep(1)
        got = alerts(rx)
    assert press.hits == Counter({(f"/s{i}", k): 1 for i in range(40) for k in (1, 2, 3)})
    assert set(got) == expected(40, 3) and set(got.values()) == {1}
    assert len(ticks(pg_url)) == 120
    assert status.returncode == 0, status.stderr
    assert "workers seen in the last minute: 3" in status.stdout
    assert f"queue {queue_of(config)}: 0 waiting, 0 taken by workers" in status.stdout
    assert "leader: none" in status.stdout  # the test enqueued the ticks itself


def test_a_worker_killed_mid_fetch_loses_nothing_and_doubles_no_alert(
    tmp_path: Path, pg_url: str
) -> None:
    redis_or_skip()
    press = Press(12, delay=0.1)
    press.slow["/s5"] = 6.0  # the kill lands while a worker waits on this feed
    with Receiver() as rx:
        config = cluster_config(tmp_path, pg_url, press, rx.url("/fan"))
        upgraded(pg_url)
        worker = ["worker", "--concurrency", "1"]  # the victim does nothing but that fetch
        with processes(config, worker, worker, worker) as procs:
            send_tick(config, 12, 1)
            wait_for("s5 to be fetched", lambda: press.hits[("/s5", 1)] == 1)
            holder = next(r["claimed_by"] for r in ticks(pg_url) if r["source"] == "s5")
            victim = next(p for p in procs if f":{p.pid}:" in holder)
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=10)
            press.slow.clear()
            wait_for("tick 1 after the kill", lambda: done(pg_url, 1) == 12)
            press.tick = 2
            send_tick(config, 12, 2)
            wait_for("tick 2", lambda: done(pg_url, 2) == 12)
            wait_for("every alert", lambda: set(alerts(rx)) >= expected(12, 2))
            wait_for("the queue to drain", lambda: quiet(config, pg_url))
        time.sleep(1)
        got = alerts(rx)
    s5 = next(r for r in ticks(pg_url) if (r["source"], r["tick"]) == ("s5", 1))
    assert f":{victim.pid}:" not in s5["claimed_by"]  # run again by another worker
    assert set(got) == expected(12, 2) and set(got.values()) == {1}
    assert press.hits[("/s5", 1)] == 2  # the interrupted fetch and its redelivery
    assert all(n == 1 for (path, _), n in press.hits.items() if path != "/s5")


def test_the_standby_takes_over_within_30s_and_no_tick_runs_twice(
    tmp_path: Path, pg_url: str
) -> None:
    redis_or_skip()
    press = Press(8, delay=0.05)
    with Receiver() as rx:
        config = cluster_config(tmp_path, pg_url, press, rx.url("/fan"), every="3s")
        upgraded(pg_url)
        with processes(config, ["worker"], ["worker"]), processes(config, ["run"]) as (first,):
            wait_for("a leader", lambda: any("holding the lease" in x for x in first.log))  # type: ignore[attr-defined]
            with processes(config, ["run"]) as (second,):
                wait_for("a standby", lambda: any("running as" in x for x in second.log))  # type: ignore[attr-defined]
                time.sleep(7)  # a few ticks under the first leader
                assert not any("holding the lease" in x for x in second.log)  # type: ignore[attr-defined]
                first.kill()
                killed = time.monotonic()
                wait_for(
                    "the takeover", lambda: any("holding the lease" in x for x in second.log), 60
                )  # type: ignore[attr-defined]
                took = time.monotonic() - killed
                status = cli(config, "status")
                before = {(r["source"], r["tick"]) for r in ticks(pg_url)}
                wait_for("ticks scheduled by the new leader",
                         lambda: len({r["source"] for r in ticks(pg_url)
                                      if (r["source"], r["tick"]) not in before}) == 8)  # fmt: skip
                second.send_signal(signal.SIGTERM)
                assert second.wait(timeout=20) == 0
            wait_for("the queue to drain", lambda: quiet(config, pg_url))
        got = alerts(rx)
    assert took < 30, f"the standby took {took:.1f}s to take over"
    assert f"leader: renewal-radar run {socket.gethostname()}:{second.pid}" in status.stdout
    rows = ticks(pg_url)
    for i in range(8):
        fetched = [r for r in rows if r["source"] == f"s{i}" and r["result"] != "skipped"]
        assert press.hits[(f"/s{i}", 1)] == len(fetched)  # one fetch per tick, never two
    assert set(got) == expected(8, 1) and set(got.values()) == {1}


def test_celery_on_sqlite_is_refused_naming_the_field(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("version: 1\nexecutor: celery\nbroker_url: redis://127.0.0.1:6379/0\n")
    done = cli(config, "check-config")
    assert done.returncode == 2
    assert "database: executor: celery needs a postgresql:// database" in done.stderr


def test_a_worker_runs_a_crawl_in_its_own_process_and_alerts_once(
    site: TradeSite,  # noqa: F811
    tmp_path: Path,
    pg_url: str,
) -> None:
    redis_or_skip()
    source = {"name": "trade-wire", "sitemap": f"{site.base}/news-sitemap.xml", "delay": "0s",
              "timeout": "60s"}  # fmt: skip
    with Receiver() as rx:
        config = spider_config(tmp_path / "c.yaml", pg_url, [source], rx.url("/fan"))
        settings = json.loads(config.read_text())
        queue = f"rr-test-{uuid.uuid4().hex[:10]}"
        celery = {"queue": queue, "visibility_timeout": "2m"}
        settings |= {"executor": "celery", "broker_url": REDIS_URL, "celery": celery}
        config.write_text(json.dumps(settings))
        upgraded(pg_url)
        with processes(config, ["worker", "--concurrency", "1"]):
            send_tick(config, 0, 1, names=["trade-wire"])
            wait_for("the crawl", lambda: done(pg_url, 1) == 1)
            wait_for("the alert", lambda: bool(rx.received))
            wait_for("the queue to drain", lambda: quiet(config, pg_url))
        time.sleep(1)
        got = alerts(rx)
    store = Store(pg_url)
    stored = {a.article.title for a in store.recent_articles()}
    store.close()
    assert stored == set(SITEMAP_STORIES.values())
    assert [r["result"] for r in ticks(pg_url)] == ["ok"]
    assert got == Counter({"Nightwatch renewed for season 3": 1})


def test_a_task_that_meets_a_database_error_retries_after_a_wait(
    tmp_path: Path, pg_url: str
) -> None:
    redis_or_skip()
    press = Press(1)
    with Receiver() as rx:
        config = cluster_config(tmp_path, pg_url, press, rx.url("/fan"))
        upgraded(pg_url)
        engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:  # the table the claim needs is gone for now
            conn.execute(sa.text("ALTER TABLE source_ticks RENAME TO source_ticks_away"))
        with processes(config, ["worker"]) as (worker,):
            send_tick(config, 1, 1)
            log = worker.log  # type: ignore[attr-defined]
            wait_for("a retry", lambda: any("database error, retry in 5s" in x for x in log))
            with engine.begin() as conn:
                conn.execute(sa.text("ALTER TABLE source_ticks_away RENAME TO source_ticks"))
            wait_for("the retried fetch", lambda: done(pg_url, 1) == 1)
            wait_for("the alert", lambda: set(alerts(rx)) == expected(1, 1))
        engine.dispose()
    assert press.hits[("/s0", 1)] == 1
