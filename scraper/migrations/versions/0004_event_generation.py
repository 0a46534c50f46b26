"""events.generation: the same news again after a reversal (cancelled, revived, cancelled)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 08:45:00
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


CHILDREN = ("reports", "deliveries")


def upgrade() -> None:
    with _children_kept(), op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.drop_constraint("uq_events_series_event_season", type_="unique")
        batch_op.create_unique_constraint(
            "uq_events_series_event_season", ["series_key", "event", "season", "generation"]
        )


def downgrade() -> None:
    with _children_kept(), op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint("uq_events_series_event_season", type_="unique")
        batch_op.create_unique_constraint(
            "uq_events_series_event_season", ["series_key", "event", "season"]
        )
        batch_op.drop_column("generation")


@contextmanager
def _children_kept() -> Iterator[None]:
    """Keep the rows that point at events while SQLite's batch mode rebuilds that table.

    Batch mode copies `events` and drops the old table; with foreign keys on (they
    are, and the pragma cannot change inside the migration's transaction) the drop
    deletes every report and delivery by ON DELETE CASCADE. PostgreSQL alters in place.
    """
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    for table in CHILDREN:
        op.execute(f"CREATE TEMP TABLE keep_{table} AS SELECT * FROM {table}")
    yield
    for table in CHILDREN:
        op.execute(f"INSERT INTO {table} SELECT * FROM keep_{table}")
        op.execute(f"DROP TABLE keep_{table}")
