"""Monitoring: alerts (one open per dedupe key), silences, and one sample per poll.

Revision ID: 0500_monitoring
Revises: 0001_base
"""

import sqlalchemy as sa
from alembic import op

from resync.db.timestamps import UTCDateTime

revision = "0500_monitoring"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("open_key", sa.String(300), nullable=True, unique=True),  # key while not resolved
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("texts", sa.JSON, nullable=False),
        sa.Column("job_id", sa.String(300), nullable=True),
        sa.Column("job_name", sa.String(120), nullable=True),
        sa.Column("job_stream", sa.String(120), nullable=True),
        sa.Column("workstation", sa.String(120), nullable=True),
        sa.Column("marker", sa.String(120), nullable=False, server_default=""),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.Column("last_seen", UTCDateTime(), nullable=False),
        sa.Column("occurrences", sa.Integer, nullable=False, server_default="1"),
        sa.Column("acknowledged_by", sa.String(150), nullable=True),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(150), nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("held_back", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_monitoring_alerts_key", "monitoring_alerts", ["key"])
    op.create_index("ix_monitoring_alerts_status", "monitoring_alerts", ["status"])
    op.create_index("ix_monitoring_alerts_first_seen", "monitoring_alerts", ["first_seen"])
    op.create_table(
        "monitoring_silences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=True),
        sa.Column("job_name", sa.String(120), nullable=True),
        sa.Column("job_stream", sa.String(120), nullable=True),
        sa.Column("workstation", sa.String(120), nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(150), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "monitoring_samples",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
        sa.Column("jobs_by_state", sa.JSON, nullable=False),
        sa.Column("alerts_by_severity", sa.JSON, nullable=False),
        sa.Column("raised", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("monitoring_samples")
    op.drop_table("monitoring_silences")
    op.drop_table("monitoring_alerts")
