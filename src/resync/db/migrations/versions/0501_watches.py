"""Watches: "me avise quando o job X terminar", kept for the user who asked.

Revision ID: 0501_watches
Revises: 0500_monitoring
"""

import sqlalchemy as sa
from alembic import op

from resync.db.timestamps import UTCDateTime

revision = "0501_watches"
down_revision = "0500_monitoring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_watches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner", sa.String(150), nullable=False, index=True),
        sa.Column("conversation_id", sa.String(32), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),  # end, start, failure
        sa.Column("job_name", sa.String(120), nullable=True),
        sa.Column("job_stream", sa.String(120), nullable=True),
        sa.Column("language", sa.String(2), nullable=False, server_default="pt"),
        sa.Column("seen", sa.JSON, nullable=True),  # what already happened (None: not read yet)
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("fired_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("monitoring_watches")
