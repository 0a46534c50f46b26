"""The alerting tables: events, their reports, the delivery outbox, and the web face's fans.

They join `scraper.store.metadata`, so one Alembic chain (`scraper/migrations`)
creates them beside the articles they point at.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from scraper import UTCDateTime, metadata

articles = metadata.tables["articles"]
"""The store's articles, read here only to tell a report's outlet (its site) from another's."""

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("series", sa.Text, nullable=False),
    sa.Column("series_key", sa.Text, nullable=False),
    sa.Column("event", sa.String(16), nullable=False),
    # 0 when no story has said which season; lets (series, event, season) be unique.
    sa.Column("season", sa.Integer, nullable=False, server_default="0"),
    sa.Column("network", sa.Text),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("reports", sa.Integer, nullable=False, server_default="1"),
    sa.Column("first_seen_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    # 0 the first time; one more each time the news returns after a contrary event
    # (cancelled, revived, cancelled again), so a season-less repeat is its own event.
    sa.Column("generation", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint(
        "series_key", "event", "season", "generation", name="uq_events_series_event_season"
    ),
)


def _said() -> list[sa.Column[Any]]:
    """What a report holds of the story that made it: a fresh set for each table."""
    return [
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    ]  # fmt: skip


reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    ),
    *_said(),
    sa.UniqueConstraint("event_id", "article_id", name="uq_reports_event_article"),
)

waiting = sa.Table(
    "waiting_reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("series", sa.Text, nullable=False),
    sa.Column("series_key", sa.Text, nullable=False),
    sa.Column("event", sa.String(16), nullable=False),
    sa.Column("season", sa.Integer, nullable=False, server_default="0"),  # 0: none stated
    sa.Column("network", sa.Text),
    *_said(),
    sa.UniqueConstraint("series_key", "event", "article_id", name="uq_waiting_once"),
)
"""Weak claims (`detection.report_floor` up to `min_confidence`) that wait for another outlet:
no event exists for them until their reports together weigh enough to alert."""

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("subscriber", sa.Text, nullable=False),
    # sha256 of the notify URL: the row never holds the secret it is sent with.
    sa.Column("target_key", sa.String(64), nullable=False),
    sa.Column("target_label", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("claimed_at", UTCDateTime),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # "host:pid" of the process sending it, so a restart can free a crashed sender's rows.
    # (Last, where migration 0002 added it: a new database gets the migrated column order.)
    sa.Column("claimed_by", sa.Text),
    sa.UniqueConstraint("subscriber", "event_id", "target_key", name="uq_deliveries_once"),
    sa.Index("ix_deliveries_due", "status", "next_attempt_at"),
)

# The web face (alerts/web): fans who subscribed there, and the daemon's heartbeat for /healthz.
fans = sa.Table(
    "fans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # The subscriber name on their outbox rows: `web-` and random hex, never a config name.
    sa.Column("name", sa.Text, nullable=False),
    # The Apprise URL encrypted with a key from web.secret; NULL once unsubscribed.
    sa.Column("target_cipher", sa.Text),
    sa.Column("target_key", sa.String(64), nullable=False, index=True),
    sa.Column("target_label", sa.Text, nullable=False),
    sa.Column("series", sa.Text),  # JSON list of series keys; NULL follows all
    sa.Column("events", sa.Text, nullable=False),  # comma-separated event names
    sa.Column("mode", sa.String(16), nullable=False, server_default="instant"),
    sa.Column("digest_at", sa.String(5), nullable=False, server_default="08:00"),
    sa.Column("timezone", sa.Text, nullable=False, server_default="UTC"),
    sa.Column("quiet_hours", sa.Text),
    sa.Column("status", sa.String(16), nullable=False, server_default="pending", index=True),
    sa.Column("code_hash", sa.String(64)),
    sa.Column("code_tries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime),
    sa.Column("confirmed_at", UTCDateTime),
    sa.Column("unsubscribed_at", UTCDateTime),
    sa.UniqueConstraint("name", name="uq_fans_name"),
)

heartbeats = sa.Table(
    "heartbeats",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
)
