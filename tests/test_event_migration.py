"""Migration 0004 (events.generation) keeps every event, report and delivery."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig

import scraper.store
from scraper import Store

MIGRATIONS = Path(scraper.store.__file__).with_name("migrations")


def _upgrade(store: Store, to: str) -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, to)


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_adding_event_generations_keeps_reports_and_deliveries(db_url: str) -> None:
    store = Store(db_url)
    _upgrade(store, "0003")
    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO articles (id, url, source, title, text, fetched_at) "
                "VALUES (1, 'https://x.example/1', 's', 't', 'x', '2026-03-01 09:00:00')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO events (id, series, series_key, event, season, headline, url, source, "
                "confidence, reports, first_seen_at, last_seen_at) VALUES (7, 'Severance', "
                "'severance', 'renewed', 3, 'h', 'https://x.example/1', 's', 0.9, 1, "
                "'2026-03-01 09:00:00', '2026-03-01 09:00:00')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO reports (event_id, article_id, source, evidence, rule, confidence, "
                "created_at) VALUES (7, 1, 's', 'e', 'r', 0.9, '2026-03-01 09:00:00')"
            )
        )
        conn.execute(sa.text(
            "INSERT INTO deliveries (event_id, subscriber, target_key, target_label, status, "
            "attempts, next_attempt_at, created_at) VALUES (7, 'fan', 'k', 'json://x', 'sent', "
            "1, '2026-03-01 09:00:00', '2026-03-01 09:00:00')"
        ))  # fmt: skip
    store.upgrade()
    try:
        assert [_count(store, t) for t in ("events", "reports", "deliveries")] == [1, 1, 1]
        with store.engine.connect() as conn:
            row = conn.execute(sa.text("SELECT id, generation FROM events")).one()
        assert tuple(row) == (7, 0)
    finally:
        store.close()
