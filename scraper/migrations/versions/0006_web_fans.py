"""web fans and heartbeats: subscribers who signed up on the web face; the daemon's last beat

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 05:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("target_cipher", sa.Text(), nullable=True),
        sa.Column("target_key", sa.String(length=64), nullable=False),
        sa.Column("target_label", sa.Text(), nullable=False),
        sa.Column("series", sa.Text(), nullable=True),
        sa.Column("events", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=16), server_default="instant", nullable=False),
        sa.Column("digest_at", sa.String(length=5), server_default="08:00", nullable=False),
        sa.Column("timezone", sa.Text(), server_default="UTC", nullable=False),
        sa.Column("quiet_hours", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_tries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_fans_name"),
    )
    with op.batch_alter_table("fans", schema=None) as batch_op:
        batch_op.create_index("ix_fans_status", ["status"], unique=False)
        batch_op.create_index("ix_fans_target_key", ["target_key"], unique=False)
    op.create_table(
        "heartbeats",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("heartbeats")
    with op.batch_alter_table("fans", schema=None) as batch_op:
        batch_op.drop_index("ix_fans_target_key")
        batch_op.drop_index("ix_fans_status")
    op.drop_table("fans")
