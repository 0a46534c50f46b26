"""`executor: celery` in config.yaml: what it needs, what check-config refuses, and the README."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from cluster_harness import cli

from alerts import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent
PG = "postgresql://radar@db.internal/radar"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text("version: 1\n" + text)
    return path


def problems(path: Path, environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as e:
        load_config(path, environ=environ or {})
    return e.value.problems


def test_the_default_executor_is_local_and_needs_no_broker(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""), environ={})
    assert (config.executor, config.broker_url) == ("local", None)


def test_celery_needs_postgresql_and_a_redis_broker(tmp_path: Path) -> None:
    path = write(tmp_path, "executor: celery\ndatabase: sqlite:///radar.db\n")
    assert problems(path) == [
        "line 3: database: executor: celery needs a postgresql:// database (workers on several "
        "machines share one store; SQLite suits executor: local)",
        "broker_url: field required with executor: celery (redis://host:6379/0, or set "
        "RENEWAL_RADAR_BROKER_URL)",
    ]
    amqp = write(tmp_path, f"executor: celery\ndatabase: {PG}\nbroker_url: amqp://x/\n")
    assert problems(amqp) == [
        "line 4: broker_url: must start with redis:// or rediss:// (the broker is Redis)"
    ]


def test_the_environment_gives_the_broker_and_the_database(tmp_path: Path) -> None:
    path = write(tmp_path, "executor: celery\n")
    environ = {"RENEWAL_RADAR_BROKER_URL": "redis://:pw@r:6379/1",
               "RENEWAL_RADAR_DATABASE_URL": PG}  # fmt: skip
    config = load_config(path, environ=environ)
    assert (config.broker_url, config.database) == ("redis://:pw@r:6379/1", PG)


def test_the_visibility_timeout_must_outlast_the_longest_crawl(tmp_path: Path) -> None:
    sources = "sources: [{name: a, sitemap: 'https://x.example/s.xml', timeout: 10m}]\n"
    head = f"executor: celery\ndatabase: {PG}\nbroker_url: redis://r/0\n{sources}"
    short = write(tmp_path, head + "celery: {visibility_timeout: 10m}\n")
    assert problems(short) == [
        "line 6: celery.visibility_timeout: must be longer than the longest crawl timeout (10m) "
        "plus 30s: a crawl still running would be handed to a second worker"
    ]
    long = write(tmp_path, head + "celery: {visibility_timeout: 11m}\n")
    assert load_config(long, environ={}).celery.visibility_timeout == timedelta(minutes=11)


def test_the_visibility_timeout_must_outlast_the_longest_fetch(tmp_path: Path) -> None:
    head = f"executor: celery\ndatabase: {PG}\nbroker_url: redis://r/0\nfetch_timeout: 30s\n"
    feeds = "sources: [{name: a, feed: 'https://x.example/f.xml', fetch_timeout: 2m}]\n"
    path = write(tmp_path, head + feeds + "celery: {visibility_timeout: 1m}\n")
    assert problems(path) == [
        "line 7: celery.visibility_timeout: must be longer than the longest fetch_timeout (2m): "
        "a fetch still running would be handed to a second worker"
    ]


def test_worker_with_the_local_executor_says_what_to_set(tmp_path: Path) -> None:
    done = cli(write(tmp_path, ""), "worker")
    assert done.returncode == 2
    assert "set executor: celery and broker_url to use workers" in done.stderr


def test_readme_celery_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"```yaml\n(executor: celery\n.*?)```", readme, re.S)
    assert example, "README lost its celery example"
    config = load_config(write(tmp_path, example[1]), environ={})
    assert (config.executor, config.celery.concurrency) == ("celery", 8)
    assert config.broker_url == "redis://redis.internal:6379/0"
